import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  businessDateSchema,
  countryCodeSchema,
  currencySchema,
  languageTagSchema,
  moneySchema,
  phoneNumberSchema,
  subdivisionCodeSchema,
  timeZoneSchema,
  uuidSchema,
} from '../schemas';

// Events published by the billing service, which owns clients and matters. Every export here is an
// event definition: the catalogue takes them all.

const clientState = {
  clientId: uuidSchema,
  displayName: z.string().min(1),
  kind: z.enum(['PERSON', 'ORGANISATION']),
  currency: currencySchema,
  timeZone: timeZoneSchema,
  billingEmail: z.email().optional(),
};

export const clientCreated = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'created',
  version: 1,
  description: 'A client was added to the firm.',
  data: z.object(clientState),
  clientIdOf: (data) => data.clientId,
});

export const clientUpdated = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'updated',
  version: 1,
  description: "A client's details changed; carries the client's full current state, not a diff.",
  data: z.object(clientState),
  clientIdOf: (data) => data.clientId,
});

/** v2: how and whether the client may be contacted, for collections' contact rules. */
const clientStateV2 = {
  ...clientState,
  billingEmail: z.email().nullable(),
  phone: phoneNumberSchema.nullable(),
  postalAddress: z
    .object({
      line1: z.string().min(1),
      line2: z.string().nullable(),
      city: z.string().min(1),
      region: subdivisionCodeSchema.nullable().describe('ISO 3166-2 state or region'),
      postalCode: z.string().nullable(),
      country: countryCodeSchema,
    })
    .nullable(),
  preferredContactChannel: z.enum(['EMAIL', 'SMS', 'POST']).nullable(),
  contactConsent: z
    .object({ email: z.boolean(), sms: z.boolean(), post: z.boolean() })
    .describe('Whether the client agreed to be contacted on each channel'),
  language: languageTagSchema.nullable(),
  doNotContact: z.boolean().describe('No contact on any channel, whatever the consents say'),
  doNotContactReason: z.string().min(1).nullable(),
};

export const clientCreatedV2 = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'created',
  version: 2,
  description:
    'A client was added to the firm; v2 adds phone, postal address, contact channel and consents, language and do-not-contact.',
  data: z.object(clientStateV2),
  clientIdOf: (data) => data.clientId,
});

export const clientUpdatedV2 = defineEvent({
  service: 'billing',
  entity: 'client',
  verb: 'updated',
  version: 2,
  description:
    "A client's details changed; carries the client's full current state (as client.created.v2), not a diff.",
  data: z.object(clientStateV2),
  clientIdOf: (data) => data.clientId,
});

export const firmSettingsChanged = defineEvent({
  service: 'billing',
  entity: 'firm',
  verb: 'settings_changed',
  version: 1,
  description:
    "A firm's settings changed; carries all of them, not a diff. Keyed by the firm, not a client.",
  data: z.object({
    firmId: uuidSchema,
    timeZone: timeZoneSchema.describe("The firm's business dates and daily runs are in this zone"),
    defaultCurrency: currencySchema,
    workingDays: z
      .array(z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']))
      .min(1),
    country: countryCodeSchema.nullable().describe('Where the firm practises'),
    region: subdivisionCodeSchema.nullable().describe('The state or region, within the country'),
    changedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.firmId,
});

/** A matter's terms as matter.opened.v1 published them. */
const matterFields = {
  matterId: uuidSchema,
  clientId: uuidSchema,
  matterNumber: z.string().min(1),
  description: z.string(),
  billingArrangement: z.enum(['HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID']),
  currency: currencySchema,
  paymentTermsDays: z
    .int()
    .min(0)
    .describe('Net terms: an invoice is due this many days after its date'),
  evergreenRetainerMinimum: moneySchema
    .nullable()
    .describe('The trust balance the client must keep topped up to, or null if none'),
  openedOn: businessDateSchema,
};

const retainerInMatterCurrency = (matter: {
  evergreenRetainerMinimum: { currency: string } | null;
  currency: string;
}) =>
  matter.evergreenRetainerMinimum === null ||
  matter.evergreenRetainerMinimum.currency === matter.currency;
const notInMatterCurrency = {
  path: ['evergreenRetainerMinimum', 'currency'],
  message: "must be the matter's currency",
};

export const matterOpened = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'opened',
  version: 1,
  description: 'A matter was opened for a client.',
  data: z.object(matterFields).refine(retainerInMatterCurrency, notInMatterCurrency),
  clientIdOf: (data) => data.clientId,
});

/** Who owns a matter, so aging and KPIs can group by partner and practice area. */
const matterOwners = {
  originatingTimekeeperId: uuidSchema
    .nullable()
    .describe('The timekeeper who brought the matter in, or null if not recorded'),
  practiceAreaId: uuidSchema.describe("One of the firm's practice areas"),
  practiceArea: z.string().min(1).describe("The practice area's name"),
};

const matterTerms = { ...matterFields, ...matterOwners };

export const matterOpenedV2 = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'opened',
  version: 2,
  description:
    'A matter was opened for a client; v2 adds who owns it: responsible partner, originating timekeeper and practice area.',
  data: z
    .object({
      ...matterTerms,
      responsiblePartnerId: uuidSchema.describe('The responsible partner, a timekeeper'),
    })
    .refine(retainerInMatterCurrency, notInMatterCurrency),
  clientIdOf: (data) => data.clientId,
});

export const matterUpdated = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'updated',
  version: 1,
  description: "A matter's terms or owners changed; carries its full current state, not a diff.",
  data: z
    .object({
      ...matterTerms,
      responsiblePartnerId: uuidSchema
        .nullable()
        .describe(
          'The responsible partner, a timekeeper; null for a matter opened before v2 whose partner was not matched',
        ),
    })
    .refine(retainerInMatterCurrency, notInMatterCurrency),
  clientIdOf: (data) => data.clientId,
});

export const matterClosed = defineEvent({
  service: 'billing',
  entity: 'matter',
  verb: 'closed',
  version: 1,
  description: 'A matter was closed; no new work may be recorded on it.',
  data: z.object({
    matterId: uuidSchema,
    clientId: uuidSchema,
    closedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const matterCreditHoldChanged = defineEvent({
  service: 'billing',
  entity: 'matter.credit_hold',
  verb: 'changed',
  version: 1,
  description: 'A matter was placed on credit hold (no new time or expenses) or released from it.',
  data: z.object({
    matterId: uuidSchema,
    clientId: uuidSchema,
    onHold: z.boolean(),
    reason: z.string().nullable(),
    changedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

const creditHoldSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('PERSON'),
    placedBy: z.string().min(1).describe('The user who placed it'),
    reason: z.string().min(1),
  }),
  z.object({
    source: z.literal('CREDIT'),
    placedBy: z.string().min(1),
    reason: z.string().min(1),
    breachId: uuidSchema.describe('The id of the credit limit breach event the hold answers'),
  }),
]);

export const matterCreditHoldChangedV2 = defineEvent({
  service: 'billing',
  entity: 'matter.credit_hold',
  verb: 'changed',
  version: 2,
  description:
    "One source's credit hold on a matter was placed or released; carries every hold that remains. The matter takes no new time or expenses while any remains.",
  data: z.object({
    matterId: uuidSchema,
    clientId: uuidSchema,
    change: z.enum(['PLACED', 'RELEASED']),
    source: z.enum(['PERSON', 'CREDIT']).describe('The source whose hold was placed or released'),
    holds: z.array(creditHoldSchema).describe('The holds on the matter after the change'),
    releaseReason: z.string().nullable().describe('Why a hold was released, when given'),
    onHold: z.boolean().describe('Whether any hold remains'),
    changedBy: z.string().min(1),
  }),
  clientIdOf: (data) => data.clientId,
});

const timeEntryState = {
  timeEntryId: uuidSchema,
  matterId: uuidSchema,
  clientId: uuidSchema,
  timekeeperId: uuidSchema,
  workDate: businessDateSchema,
  hours: z
    .string()
    .regex(/^\d+\.\d$/)
    .describe('Hours in tenths, e.g. "1.5"'),
  rate: moneySchema,
  amount: moneySchema,
  billable: z.boolean(),
  taskCode: z.string().nullable(),
  activityCode: z.string().nullable(),
};

export const timeEntryRecorded = defineEvent({
  service: 'billing',
  entity: 'time_entry',
  verb: 'recorded',
  version: 1,
  description: 'Time was recorded on a matter: unbilled work in progress until it is invoiced.',
  data: z.object(timeEntryState),
  clientIdOf: (data) => data.clientId,
});

export const timeEntryUpdated = defineEvent({
  service: 'billing',
  entity: 'time_entry',
  verb: 'updated',
  version: 1,
  description:
    "An unbilled time entry was changed; carries the entry's full current state, which replaces what was recorded.",
  data: z.object(timeEntryState),
  clientIdOf: (data) => data.clientId,
});

export const timeEntryDeleted = defineEvent({
  service: 'billing',
  entity: 'time_entry',
  verb: 'deleted',
  version: 1,
  description: 'An unbilled time entry was deleted: it is no longer work in progress.',
  data: z.object({
    timeEntryId: uuidSchema,
    matterId: uuidSchema,
    clientId: uuidSchema,
    amount: moneySchema.describe('The amount the entry had, now gone from unbilled work'),
    billable: z.boolean(),
  }),
  clientIdOf: (data) => data.clientId,
});

const expenseState = {
  expenseId: uuidSchema,
  matterId: uuidSchema,
  clientId: uuidSchema,
  incurredOn: businessDateSchema,
  expenseCode: z.string().min(1).describe('UTBMS expense code, E101-E124'),
  amount: moneySchema,
  billable: z.boolean(),
};

export const expenseRecorded = defineEvent({
  service: 'billing',
  entity: 'expense',
  verb: 'recorded',
  version: 1,
  description: 'An expense was recorded on a matter: unbilled until it is invoiced.',
  data: z.object(expenseState),
  clientIdOf: (data) => data.clientId,
});

export const expenseUpdated = defineEvent({
  service: 'billing',
  entity: 'expense',
  verb: 'updated',
  version: 1,
  description:
    "An unbilled expense was changed; carries the expense's full current state, which replaces what was recorded.",
  data: z.object(expenseState),
  clientIdOf: (data) => data.clientId,
});

export const expenseDeleted = defineEvent({
  service: 'billing',
  entity: 'expense',
  verb: 'deleted',
  version: 1,
  description: 'An unbilled expense was deleted: it is no longer unbilled work.',
  data: z.object({
    expenseId: uuidSchema,
    matterId: uuidSchema,
    clientId: uuidSchema,
    amount: moneySchema.describe('The amount the expense had, now gone from unbilled work'),
    billable: z.boolean(),
  }),
  clientIdOf: (data) => data.clientId,
});

const invoiceRef = {
  invoiceId: uuidSchema,
  invoiceNumber: z.string().min(1),
  clientId: uuidSchema,
  matterId: uuidSchema,
};

const issuedInvoice = {
  ...invoiceRef,
  invoiceDate: businessDateSchema,
  dueDate: businessDateSchema,
  paymentTermsDays: z.int().min(0),
  periodStart: businessDateSchema,
  periodEnd: businessDateSchema,
  total: moneySchema,
  linesSummary: z.object({
    lineCount: z.int().min(0),
    fees: moneySchema,
    expenses: moneySchema,
    tax: moneySchema,
    adjustments: moneySchema.describe('Write-downs (negative) and write-ups on the lines'),
  }),
};

export const invoiceIssued = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'issued',
  version: 1,
  description: 'An invoice was issued to a client: a receivable from its invoice date.',
  data: z.object(issuedInvoice),
  clientIdOf: (data) => data.clientId,
});

const billedAmounts = {
  recordedAmount: moneySchema.describe('What the work was recorded at: it leaves unbilled work'),
  billedBeforeAdjustment: moneySchema.describe(
    'Its line on the invoice before write-downs (nothing for work covered by a flat or contingency fee)',
  ),
  billedAfterAdjustment: moneySchema.describe('Its line after write-downs and write-ups'),
};

export const invoiceIssuedV2 = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'issued',
  version: 2,
  description:
    'An invoice was issued to a client: a receivable from its invoice date. Lists the time entries and expenses it billed, which are no longer unbilled work.',
  data: z.object({
    ...issuedInvoice,
    billedTimeEntries: z.array(z.object({ timeEntryId: uuidSchema, ...billedAmounts })),
    billedExpenses: z.array(z.object({ expenseId: uuidSchema, ...billedAmounts })),
  }),
  clientIdOf: (data) => data.clientId,
});

const voidedInvoice = {
  ...invoiceRef,
  total: moneySchema,
  reason: z.string().min(1),
  voidedOn: businessDateSchema,
};

export const invoiceVoided = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'voided',
  version: 1,
  description: 'An issued, unpaid invoice was voided: it is no longer owed.',
  data: z.object(voidedInvoice),
  clientIdOf: (data) => data.clientId,
});

export const invoiceVoidedV2 = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'voided',
  version: 2,
  description:
    'An issued, unpaid invoice was voided: it is no longer owed, and the work it billed is unbilled again (listed with the amounts it returns).',
  data: z.object({
    ...voidedInvoice,
    returnedTimeEntries: z.array(z.object({ timeEntryId: uuidSchema, amount: moneySchema })),
    returnedExpenses: z.array(z.object({ expenseId: uuidSchema, amount: moneySchema })),
  }),
  clientIdOf: (data) => data.clientId,
});

export const invoiceWrittenOff = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'written_off',
  version: 1,
  description: 'Part or all of an invoice was written off as uncollectable.',
  data: z.object({
    ...invoiceRef,
    writeOffId: uuidSchema,
    amount: moneySchema,
    openAmount: moneySchema.describe('What is still open after the write-off'),
    reason: z.string().min(1),
    approvedBy: z.string().min(1),
    writtenOffOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const creditNoteIssued = defineEvent({
  service: 'billing',
  entity: 'credit_note',
  verb: 'issued',
  version: 1,
  description: 'A credit note reduced what a client owes on an issued invoice.',
  data: z.object({
    ...invoiceRef,
    creditNoteId: uuidSchema,
    creditNoteNumber: z.string().min(1),
    amount: moneySchema,
    openAmount: moneySchema.describe('What is still open on the invoice after the credit'),
    reason: z.string().min(1),
    issuedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

const allocationsSchema = z.array(
  z.object({
    invoiceId: uuidSchema,
    invoiceNumber: z.string().min(1),
    matterId: uuidSchema,
    amount: moneySchema,
  }),
);

export const paymentRecorded = defineEvent({
  service: 'billing',
  entity: 'payment',
  verb: 'recorded',
  version: 1,
  description:
    'A payment was received and allocated to invoices; what was not allocated is client credit.',
  data: z.object({
    paymentId: uuidSchema,
    clientId: uuidSchema,
    method: z.enum(['CARD', 'ACH', 'CHECK', 'WIRE', 'TRUST']),
    amount: moneySchema.describe('The amount received'),
    receivedOn: businessDateSchema,
    allocations: allocationsSchema,
    unappliedAmount: moneySchema.describe("What remains of the payment as the client's credit"),
  }),
  clientIdOf: (data) => data.clientId,
});

export const clientCreditApplied = defineEvent({
  service: 'billing',
  entity: 'client_credit',
  verb: 'applied',
  version: 1,
  description:
    'Client credit (the unallocated part of earlier payments) was applied to open invoices.',
  data: z.object({
    clientId: uuidSchema,
    appliedOn: businessDateSchema,
    allocations: z.array(
      z.object({
        paymentId: uuidSchema,
        invoiceId: uuidSchema,
        invoiceNumber: z.string().min(1),
        matterId: uuidSchema,
        amount: moneySchema,
      }),
    ),
    remainingCredit: moneySchema.describe('Client credit left in this currency'),
  }),
  clientIdOf: (data) => data.clientId,
});

export const paymentReversed = defineEvent({
  service: 'billing',
  entity: 'payment',
  verb: 'reversed',
  version: 1,
  description:
    'A payment bounced or was charged back: its allocations are undone and the invoices reopen.',
  data: z.object({
    paymentId: uuidSchema,
    clientId: uuidSchema,
    method: z.enum(['CARD', 'ACH', 'CHECK', 'WIRE', 'TRUST']),
    amount: moneySchema,
    reason: z.string().min(1),
    reversedOn: businessDateSchema,
    reopenedAllocations: allocationsSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const invoicePaid = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'paid',
  version: 1,
  description: 'An invoice was settled in full by payments and credits.',
  data: z.object({
    ...invoiceRef,
    total: moneySchema,
    invoiceDate: businessDateSchema,
    dueDate: businessDateSchema,
    paidOn: businessDateSchema,
    daysToPay: z.int().describe('Days from invoice date to the settling payment'),
  }),
  clientIdOf: (data) => data.clientId,
});

export const invoiceOverdue = defineEvent({
  service: 'billing',
  entity: 'invoice',
  verb: 'overdue',
  version: 1,
  description: 'An invoice passed its due date unpaid; reported once by the daily job.',
  data: z.object({
    ...invoiceRef,
    invoiceDate: businessDateSchema,
    dueDate: businessDateSchema,
    total: moneySchema,
    openAmount: moneySchema,
    daysPastDue: z.int().min(1),
    asOf: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const lateFeeAssessed = defineEvent({
  service: 'billing',
  entity: 'late_fee',
  verb: 'assessed',
  version: 1,
  description:
    "A late fee was added to an overdue invoice as its own line, per the matter's policy.",
  data: z.object({
    ...invoiceRef,
    amount: moneySchema,
    policy: z.enum(['SIMPLE_INTEREST', 'FLAT']),
    principal: moneySchema.describe('The open amount the fee was computed on, late fees excluded'),
    periodFrom: businessDateSchema,
    periodThrough: businessDateSchema,
    assessedOn: businessDateSchema,
    openAmount: moneySchema.describe('What is open on the invoice with the fee'),
  }),
  clientIdOf: (data) => data.clientId,
});
