import { clientId, firmId, matterId } from './ids';

const invoiceId = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const paymentId = '7c6b5a49-3827-4165-9f4e-3d2c1b0a9f8e';
const timekeeperId = '2b1a0f9e-8d7c-4b6a-9594-837261504f3e';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const invoiceRef = { invoiceId, invoiceNumber: '2026-000042', clientId, matterId };
const allocation = { invoiceId, invoiceNumber: '2026-000042', matterId, amount: usd('1200.00') };
import type { Sample } from './sample';

const client = {
  clientId,
  displayName: 'Harbour & Finch LLP',
  kind: 'ORGANISATION',
  currency: 'USD',
  timeZone: 'America/New_York',
  billingEmail: 'accounts@harbourfinch.example',
};

const matterV2 = {
  matterId,
  clientId,
  matterNumber: '2026-0042',
  description: 'Lease dispute, Pier 9 warehouse',
  billingArrangement: 'HYBRID',
  currency: 'USD',
  paymentTermsDays: 30,
  evergreenRetainerMinimum: null,
  openedOn: '2026-03-02',
  responsiblePartnerId: timekeeperId,
  originatingTimekeeperId: '6f5e4d3c-2b1a-4098-8776-655443322110',
  practiceAreaId: '1d2c3b4a-5968-4776-8594-a3b2c1d0e9f8',
  practiceArea: 'Real estate',
};

/** A valid payload and subject for every billing event. */
const clientV2 = {
  ...client,
  phone: '+14155550123',
  postalAddress: {
    line1: '9 Pier Street',
    line2: null,
    city: 'San Francisco',
    region: 'US-CA',
    postalCode: '94111',
    country: 'US',
  },
  preferredContactChannel: 'EMAIL',
  contactConsent: { email: true, sms: false, post: true },
  language: 'en-US',
  doNotContact: false,
  doNotContactReason: null,
};

export const billingSamples = {
  'lexfin.billing.client.created.v2': { subject: clientId, data: clientV2 },
  'lexfin.billing.client.updated.v2': {
    subject: clientId,
    data: { ...clientV2, doNotContact: true, doNotContactReason: 'Represented by counsel' },
  },
  'lexfin.billing.firm.settings_changed.v1': {
    subject: firmId,
    keyedBy: firmId,
    data: {
      firmId,
      timeZone: 'America/Los_Angeles',
      defaultCurrency: 'USD',
      workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
      country: 'US',
      region: 'US-CA',
      changedBy: 'user-7',
    },
  },
  'lexfin.billing.client.created.v1': { subject: clientId, data: client },
  'lexfin.billing.client.updated.v1': {
    subject: clientId,
    data: { ...client, displayName: 'Harbour, Finch & Co', billingEmail: undefined },
  },
  'lexfin.billing.matter.opened.v1': {
    subject: matterId,
    data: {
      matterId,
      clientId,
      matterNumber: '2026-0042',
      description: 'Lease dispute, Pier 9 warehouse',
      billingArrangement: 'HYBRID',
      currency: 'USD',
      paymentTermsDays: 30,
      evergreenRetainerMinimum: { amount: '5000.00', currency: 'USD' },
      openedOn: '2026-03-02',
    },
  },
  'lexfin.billing.matter.opened.v2': { subject: matterId, data: matterV2 },
  'lexfin.billing.matter.updated.v1': {
    subject: matterId,
    data: { ...matterV2, responsiblePartnerId: null, paymentTermsDays: 45 },
  },
  'lexfin.billing.matter.closed.v1': {
    subject: matterId,
    data: { matterId, clientId, closedOn: '2026-11-30' },
  },
  'lexfin.billing.matter.credit_hold.changed.v1': {
    subject: matterId,
    data: {
      matterId,
      clientId,
      onHold: true,
      reason: 'Limit exceeded',
      changedBy: 'credit-officer-7',
    },
  },
  'lexfin.billing.matter.credit_hold.changed.v2': {
    subject: matterId,
    data: {
      matterId,
      clientId,
      change: 'RELEASED',
      source: 'CREDIT',
      holds: [{ source: 'PERSON', placedBy: 'partner-3', reason: 'Fee dispute pending' }],
      releaseReason: 'Back within credit policy',
      onHold: true,
      changedBy: 'system:credit-limit',
    },
  },
  'lexfin.billing.time_entry.recorded.v1': {
    subject: '0f1e2d3c-4b5a-4968-8776-655443322110',
    data: {
      timeEntryId: '0f1e2d3c-4b5a-4968-8776-655443322110',
      matterId,
      clientId,
      timekeeperId,
      workDate: '2026-03-04',
      hours: '1.5',
      rate: usd('400.00'),
      amount: usd('600.00'),
      billable: true,
      taskCode: 'L110',
      activityCode: 'A101',
    },
  },
  'lexfin.billing.expense.recorded.v1': {
    subject: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    data: {
      expenseId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      matterId,
      clientId,
      incurredOn: '2026-03-05',
      expenseCode: 'E101',
      amount: usd('12.40'),
      billable: true,
    },
  },
  'lexfin.billing.time_entry.updated.v1': {
    subject: '0f1e2d3c-4b5a-4968-8776-655443322110',
    data: {
      timeEntryId: '0f1e2d3c-4b5a-4968-8776-655443322110',
      matterId,
      clientId,
      timekeeperId,
      workDate: '2026-03-04',
      hours: '2.0',
      rate: usd('400.00'),
      amount: usd('800.00'),
      billable: true,
      taskCode: 'L110',
      activityCode: 'A101',
    },
  },
  'lexfin.billing.time_entry.deleted.v1': {
    subject: '0f1e2d3c-4b5a-4968-8776-655443322110',
    data: {
      timeEntryId: '0f1e2d3c-4b5a-4968-8776-655443322110',
      matterId,
      clientId,
      amount: usd('800.00'),
      billable: true,
    },
  },
  'lexfin.billing.expense.updated.v1': {
    subject: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    data: {
      expenseId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      matterId,
      clientId,
      incurredOn: '2026-03-05',
      expenseCode: 'E102',
      amount: usd('24.80'),
      billable: true,
    },
  },
  'lexfin.billing.expense.deleted.v1': {
    subject: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    data: {
      expenseId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      matterId,
      clientId,
      amount: usd('24.80'),
      billable: false,
    },
  },
  'lexfin.billing.invoice.issued.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      paymentTermsDays: 30,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      total: usd('1306.85'),
      linesSummary: {
        lineCount: 3,
        fees: usd('1200.00'),
        expenses: usd('12.40'),
        tax: usd('94.45'),
        adjustments: usd('-50.00'),
      },
    },
  },
  'lexfin.billing.invoice.issued.v2': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      paymentTermsDays: 30,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      total: usd('1306.85'),
      linesSummary: {
        lineCount: 3,
        fees: usd('1200.00'),
        expenses: usd('12.40'),
        tax: usd('94.45'),
        adjustments: usd('-50.00'),
      },
      billedTimeEntries: [
        {
          timeEntryId: '0f1e2d3c-4b5a-4968-8776-655443322110',
          recordedAmount: usd('1250.00'),
          billedBeforeAdjustment: usd('1250.00'),
          billedAfterAdjustment: usd('1200.00'),
        },
      ],
      billedExpenses: [
        {
          expenseId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          recordedAmount: usd('12.40'),
          billedBeforeAdjustment: usd('12.40'),
          billedAfterAdjustment: usd('12.40'),
        },
      ],
    },
  },
  'lexfin.billing.invoice.voided.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      total: usd('1306.85'),
      reason: 'Billed to the wrong matter',
      voidedOn: '2026-04-02',
    },
  },
  'lexfin.billing.invoice.voided.v2': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      total: usd('1306.85'),
      reason: 'Billed to the wrong matter',
      voidedOn: '2026-04-02',
      returnedTimeEntries: [
        { timeEntryId: '0f1e2d3c-4b5a-4968-8776-655443322110', amount: usd('1250.00') },
      ],
      returnedExpenses: [
        { expenseId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', amount: usd('12.40') },
      ],
    },
  },
  'lexfin.billing.invoice.written_off.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      writeOffId: '6d5c4b3a-2918-4766-a554-433221100fed',
      amount: usd('106.85'),
      openAmount: usd('0.00'),
      reason: 'Goodwill',
      approvedBy: 'partner-3',
      writtenOffOn: '2026-06-30',
    },
  },
  'lexfin.billing.credit_note.issued.v1': {
    subject: '8e7d6c5b-4a39-4281-9706-f5e4d3c2b1a0',
    data: {
      ...invoiceRef,
      creditNoteId: '8e7d6c5b-4a39-4281-9706-f5e4d3c2b1a0',
      creditNoteNumber: 'CN-2026-000003',
      amount: usd('100.00'),
      openAmount: usd('1206.85'),
      reason: 'Duplicate line',
      issuedOn: '2026-04-10',
    },
  },
  'lexfin.billing.payment.recorded.v1': {
    subject: paymentId,
    data: {
      paymentId,
      clientId,
      method: 'CHECK',
      amount: usd('1500.00'),
      receivedOn: '2026-04-20',
      allocations: [allocation],
      unappliedAmount: usd('300.00'),
    },
  },
  'lexfin.billing.client_credit.applied.v1': {
    subject: clientId,
    data: {
      clientId,
      appliedOn: '2026-05-02',
      allocations: [{ ...allocation, paymentId, amount: usd('300.00') }],
      remainingCredit: usd('0.00'),
    },
  },
  'lexfin.billing.payment.reversed.v1': {
    subject: paymentId,
    data: {
      paymentId,
      clientId,
      method: 'CHECK',
      amount: usd('1500.00'),
      reason: 'Returned NSF',
      reversedOn: '2026-04-25',
      reopenedAllocations: [allocation],
    },
  },
  'lexfin.billing.invoice.paid.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      total: usd('1306.85'),
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      paidOn: '2026-04-20',
      daysToPay: 19,
    },
  },
  'lexfin.billing.invoice.overdue.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      total: usd('1306.85'),
      openAmount: usd('106.85'),
      daysPastDue: 1,
      asOf: '2026-05-02',
    },
  },
  'lexfin.billing.late_fee.assessed.v1': {
    subject: invoiceId,
    data: {
      ...invoiceRef,
      amount: usd('1.05'),
      policy: 'SIMPLE_INTEREST',
      principal: usd('106.85'),
      periodFrom: '2026-05-01',
      periodThrough: '2026-05-31',
      assessedOn: '2026-05-31',
      openAmount: usd('107.90'),
    },
  },
} satisfies Record<string, Sample>;
