import { randomUUID } from 'node:crypto';
import {
  billingEvents,
  createEvent,
  creditEvents,
  type EventDefinition,
  type EventEnvelope,
} from '@lexfin/contracts';
import type { z } from 'zod';

/** Billing's (and credit-assessment's) events for one client of a firm, as tests need them. */
export class BillingFacts {
  readonly clientId = randomUUID();
  readonly matterId = randomUUID();
  readonly partnerId = randomUUID();
  readonly practiceAreaId = randomUUID();

  constructor(
    readonly firmId: string,
    readonly options: {
      timeZone?: string;
      email?: string | null;
      region?: string | null;
      language?: string | null;
      practiceArea?: string;
    } = {},
  ) {}

  private event<T extends string, D extends z.ZodType>(
    definition: EventDefinition<T, D>,
    subject: string,
    data: z.input<D>,
  ): EventEnvelope<unknown> {
    return createEvent(definition, {
      firmId: this.firmId,
      subject,
      correlationId: randomUUID(),
      data,
    }) as EventEnvelope<unknown>;
  }

  firmSettings(timeZone = 'America/New_York') {
    return this.event(billingEvents.firmSettingsChanged, this.firmId, {
      firmId: this.firmId,
      timeZone,
      defaultCurrency: 'USD',
      workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
      country: 'US',
      region: 'US-NY',
      changedBy: 'admin',
    });
  }

  client(changes: { email?: string | null; consent?: boolean; doNotContact?: boolean } = {}) {
    const email = changes.email === undefined ? (this.options.email ?? null) : changes.email;
    const consent = changes.consent ?? true;
    const region = this.options.region ?? 'US-NY';
    return this.event(billingEvents.clientUpdatedV2, this.clientId, {
      clientId: this.clientId,
      displayName: 'Avery Client',
      kind: 'PERSON',
      currency: 'USD',
      timeZone: this.options.timeZone ?? 'America/New_York',
      billingEmail: email,
      phone: '+12125550123',
      postalAddress: {
        line1: '1 Main Street',
        line2: null,
        city: region === 'US-CA' ? 'San Francisco' : 'New York',
        region,
        postalCode: '10001',
        country: 'US',
      },
      preferredContactChannel: 'EMAIL',
      contactConsent: { email: consent, sms: false, post: consent },
      language: this.options.language ?? null,
      doNotContact: changes.doNotContact ?? false,
      doNotContactReason: changes.doNotContact ? 'Asked not to be contacted' : null,
    });
  }

  matter(matterId = this.matterId) {
    return this.event(billingEvents.matterOpenedV2, matterId, {
      matterId,
      clientId: this.clientId,
      matterNumber: `M-${matterId.slice(0, 6)}`,
      description: 'Estate of A. Client',
      billingArrangement: 'HOURLY',
      currency: 'USD',
      paymentTermsDays: 30,
      evergreenRetainerMinimum: null,
      openedOn: '2025-01-02',
      responsiblePartnerId: this.partnerId,
      originatingTimekeeperId: null,
      practiceAreaId: this.practiceAreaId,
      practiceArea: this.options.practiceArea ?? 'Estates',
    });
  }

  /** An invoice of `total` USD: its id and its issued.v2 event. */
  invoice(total: string, invoiceDate: string, dueDate: string, matterId = this.matterId) {
    const invoiceId = randomUUID();
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const event = this.event(billingEvents.invoiceIssuedV2, invoiceId, {
      invoiceId,
      invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
      clientId: this.clientId,
      matterId,
      invoiceDate,
      dueDate,
      paymentTermsDays: 30,
      periodStart: invoiceDate,
      periodEnd: invoiceDate,
      total: usd(total),
      linesSummary: {
        lineCount: 1,
        fees: usd(total),
        expenses: usd('0.00'),
        tax: usd('0.00'),
        adjustments: usd('0.00'),
      },
      billedTimeEntries: [],
      billedExpenses: [],
    });
    return { invoiceId, invoiceNumber: `INV-${invoiceId.slice(0, 6)}`, event };
  }

  payment(invoiceId: string, amount: string, receivedOn: string, paymentId = randomUUID()) {
    return this.event(billingEvents.paymentRecorded, paymentId, {
      paymentId,
      clientId: this.clientId,
      method: 'ACH',
      amount: { amount, currency: 'USD' },
      receivedOn,
      allocations: [
        {
          invoiceId,
          invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
          matterId: this.matterId,
          amount: { amount, currency: 'USD' },
        },
      ],
      unappliedAmount: { amount: '0.00', currency: 'USD' },
    });
  }

  paymentReversed(invoiceId: string, amount: string, reversedOn: string, paymentId: string) {
    return this.event(billingEvents.paymentReversed, paymentId, {
      paymentId,
      clientId: this.clientId,
      method: 'ACH',
      amount: { amount, currency: 'USD' },
      reason: 'NSF',
      reversedOn,
      reopenedAllocations: [
        {
          invoiceId,
          invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
          matterId: this.matterId,
          amount: { amount, currency: 'USD' },
        },
      ],
    });
  }

  creditNote(invoiceId: string, amount: string, openAfter: string, issuedOn: string) {
    const creditNoteId = randomUUID();
    return this.event(billingEvents.creditNoteIssued, creditNoteId, {
      invoiceId,
      invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
      clientId: this.clientId,
      matterId: this.matterId,
      creditNoteId,
      creditNoteNumber: `CN-${creditNoteId.slice(0, 6)}`,
      amount: { amount, currency: 'USD' },
      openAmount: { amount: openAfter, currency: 'USD' },
      reason: 'Courtesy discount',
      issuedOn,
    });
  }

  writeOff(invoiceId: string, amount: string, openAfter: string, writtenOffOn: string) {
    const writeOffId = randomUUID();
    return this.event(billingEvents.invoiceWrittenOff, writeOffId, {
      invoiceId,
      invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
      clientId: this.clientId,
      matterId: this.matterId,
      writeOffId,
      amount: { amount, currency: 'USD' },
      openAmount: { amount: openAfter, currency: 'USD' },
      reason: 'Uncollectable',
      approvedBy: 'partner',
      writtenOffOn,
    });
  }

  timeEntry(amount: string, workDate: string) {
    const timeEntryId = randomUUID();
    return this.event(billingEvents.timeEntryRecorded, timeEntryId, {
      timeEntryId,
      matterId: this.matterId,
      clientId: this.clientId,
      timekeeperId: this.partnerId,
      workDate,
      hours: '1.0',
      rate: { amount, currency: 'USD' },
      amount: { amount, currency: 'USD' },
      billable: true,
      taskCode: null,
      activityCode: null,
    });
  }

  grade(grade: 'A' | 'B' | 'C' | 'D' | 'E' | null, asOf: string) {
    return this.event(creditEvents.gradeChanged, this.clientId, {
      clientId: this.clientId,
      previousGrade: null,
      grade,
      score: grade === null ? null : 600,
      thinFile: grade === null,
      policyVersion: 1,
      asOf,
    });
  }
}
