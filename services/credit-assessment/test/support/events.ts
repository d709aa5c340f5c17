import { randomUUID } from 'node:crypto';
import {
  billingEvents,
  createEvent,
  trustEvents,
  type EventDefinition,
  type EventEnvelope,
} from '@lexfin/contracts';
import type { z } from 'zod';

const usd = (amount: string, currency = 'USD') => ({ amount, currency });

/**
 * Billing's and trust's events about one client of a firm, as those services publish them, each
 * a second after the last (the order billing commits them in).
 */
export function clientStream(firmId: string, clientId = randomUUID()) {
  const matterId = randomUUID();
  let tick = 0;
  const correlationId = randomUUID();
  const event = <T extends string, D extends z.ZodType>(
    definition: EventDefinition<T, D>,
    data: z.input<D>,
  ): EventEnvelope<unknown> => {
    tick += 1;
    return createEvent(definition, {
      firmId,
      subject: clientId,
      correlationId,
      data,
      time: new Date(Date.UTC(2026, 0, 1) + tick * 1000),
    });
  };
  const invoiceRef = (invoiceId: string) => ({
    invoiceId,
    invoiceNumber: `INV-${invoiceId.slice(0, 6)}`,
    clientId,
    matterId,
  });
  return {
    clientId,
    matterId,
    clientCreated: () =>
      event(billingEvents.clientCreatedV2, {
        clientId,
        displayName: 'Acme Holdings',
        kind: 'ORGANISATION',
        currency: 'USD',
        timeZone: 'America/New_York',
        billingEmail: null,
        phone: null,
        postalAddress: null,
        preferredContactChannel: null,
        contactConsent: { email: true, sms: false, post: true },
        language: null,
        doNotContact: false,
        doNotContactReason: null,
      }),
    timeEntry: (amount: string, workDate: string, timeEntryId = randomUUID()) =>
      event(billingEvents.timeEntryRecorded, {
        timeEntryId,
        matterId,
        clientId,
        timekeeperId: randomUUID(),
        workDate,
        hours: '1.0',
        rate: usd(amount),
        amount: usd(amount),
        billable: true,
        taskCode: null,
        activityCode: null,
      }),
    invoiceIssued: (options: {
      invoiceId?: string;
      total: string;
      invoiceDate: string;
      dueDate: string;
      timeEntryIds?: string[];
    }) =>
      event(billingEvents.invoiceIssuedV2, {
        ...invoiceRef(options.invoiceId ?? randomUUID()),
        invoiceDate: options.invoiceDate,
        dueDate: options.dueDate,
        paymentTermsDays: 30,
        periodStart: options.invoiceDate,
        periodEnd: options.invoiceDate,
        total: usd(options.total),
        linesSummary: {
          lineCount: 1,
          fees: usd(options.total),
          expenses: usd('0.00'),
          tax: usd('0.00'),
          adjustments: usd('0.00'),
        },
        billedTimeEntries: (options.timeEntryIds ?? []).map((timeEntryId) => ({
          timeEntryId,
          recordedAmount: usd('0.00'),
          billedBeforeAdjustment: usd('0.00'),
          billedAfterAdjustment: usd('0.00'),
        })),
        billedExpenses: [],
      }),
    payment: (invoiceId: string, amount: string, receivedOn: string, paymentId = randomUUID()) =>
      event(billingEvents.paymentRecorded, {
        paymentId,
        clientId,
        method: 'ACH',
        amount: usd(amount),
        receivedOn,
        allocations: [{ invoiceId, invoiceNumber: 'INV', matterId, amount: usd(amount) }],
        unappliedAmount: usd('0.00'),
      }),
    invoicePaid: (
      invoiceId: string,
      total: string,
      dates: { invoiceDate: string; dueDate: string; paidOn: string },
    ) =>
      event(billingEvents.invoicePaid, {
        ...invoiceRef(invoiceId),
        total: usd(total),
        ...dates,
        daysToPay: 0,
      }),
    deposit: (amount: string, receivedOn: string) =>
      event(trustEvents.depositRecorded, {
        trustAccountId: randomUUID(),
        clientId,
        matterId,
        depositId: randomUUID(),
        entryId: randomUUID(),
        amount: usd(amount),
        method: 'WIRE',
        receivedOn,
        cleared: true,
      }),
    refund: (amount: string, refundedOn: string) =>
      event(trustEvents.refundRecorded, {
        entryId: randomUUID(),
        trustAccountId: randomUUID(),
        clientId,
        matterId,
        amount: usd(amount),
        method: 'CHECK',
        refundedOn,
      }),
  };
}
