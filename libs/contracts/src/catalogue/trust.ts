import { z } from 'zod';
import { defineEvent } from '../define-event';
import { businessDateSchema, currencySchema, moneySchema, uuidSchema } from '../schemas';

// Events published by the trust-accounting service. Every export here is an event definition: the
// catalogue takes them all. Events about the firm-funds ledger (bank charges) or a whole trust
// account concern no client: they are keyed by the trust account id instead.

const paymentMethod = z.enum(['CHECK', 'ACH', 'WIRE', 'CARD', 'CASH', 'CASHIERS_CHECK']);

/** Where the money sits: a client-matter ledger, or the firm-funds ledger (both ids null). */
const ledgerRef = {
  trustAccountId: uuidSchema,
  clientId: uuidSchema.nullable(),
  matterId: uuidSchema.nullable(),
};

const clientOrAccount = (data: { clientId: string | null; trustAccountId: string }) =>
  data.clientId ?? data.trustAccountId;

export const accountOpened = defineEvent({
  service: 'trust',
  entity: 'account',
  verb: 'opened',
  version: 1,
  description: 'A trust bank account was opened for the firm.',
  data: z.object({
    trustAccountId: uuidSchema,
    name: z.string().min(1),
    kind: z.enum(['IOLTA', 'INTEREST_BEARING']),
    currency: currencySchema,
    bankName: z.string().min(1),
    accountLast4: z.string().regex(/^\d{4}$/),
    disbursementApprovalThreshold: moneySchema,
  }),
  clientIdOf: (data) => data.trustAccountId,
});

export const depositRecorded = defineEvent({
  service: 'trust',
  entity: 'deposit',
  verb: 'recorded',
  version: 1,
  description: 'Money was received into trust; it is available once cleared.',
  data: z.object({
    ...ledgerRef,
    depositId: uuidSchema,
    entryId: uuidSchema,
    amount: moneySchema,
    method: paymentMethod,
    receivedOn: businessDateSchema,
    cleared: z.boolean().describe('True when the method makes the funds available at once'),
  }),
  clientIdOf: clientOrAccount,
});

export const depositCleared = defineEvent({
  service: 'trust',
  entity: 'deposit',
  verb: 'cleared',
  version: 1,
  description: 'The bank collected a deposit: its funds may now be paid out.',
  data: z.object({
    ...ledgerRef,
    depositId: uuidSchema,
    amount: moneySchema,
    clearedOn: businessDateSchema,
  }),
  clientIdOf: clientOrAccount,
});

export const depositReturned = defineEvent({
  service: 'trust',
  entity: 'deposit',
  verb: 'returned',
  version: 1,
  description: 'A deposit bounced (NSF); a reversing entry took it off the ledger.',
  data: z.object({
    ...ledgerRef,
    depositId: uuidSchema,
    entryId: uuidSchema,
    amount: moneySchema,
    returnedOn: businessDateSchema,
    reason: z.string().min(1),
    ledgerBalance: moneySchema.describe('The ledger balance after the return; negative = shortage'),
  }),
  clientIdOf: clientOrAccount,
});

const disbursementData = {
  trustAccountId: uuidSchema,
  clientId: uuidSchema,
  matterId: uuidSchema,
  disbursementId: uuidSchema,
  amount: moneySchema,
  payee: z.string().min(1),
  purpose: z.string().min(1),
  method: paymentMethod,
  checkNumber: z.string().nullable(),
};

export const disbursementRequested = defineEvent({
  service: 'trust',
  entity: 'disbursement',
  verb: 'requested',
  version: 1,
  description: 'A disbursement above the approval threshold awaits a second approver.',
  data: z.object({ ...disbursementData, requestedBy: z.string().min(1) }),
  clientIdOf: (data) => data.clientId,
});

export const disbursementApproved = defineEvent({
  service: 'trust',
  entity: 'disbursement',
  verb: 'approved',
  version: 1,
  description: 'A second person approved a disbursement that needed approval.',
  data: z.object({ ...disbursementData, approvedBy: z.string().min(1) }),
  clientIdOf: (data) => data.clientId,
});

export const disbursementRecorded = defineEvent({
  service: 'trust',
  entity: 'disbursement',
  verb: 'recorded',
  version: 1,
  description: 'Money was paid out of a client-matter ledger.',
  data: z.object({ ...disbursementData, entryId: uuidSchema, paidOn: businessDateSchema }),
  clientIdOf: (data) => data.clientId,
});

export const transferToOperatingRecorded = defineEvent({
  service: 'trust',
  entity: 'transfer_to_operating',
  verb: 'recorded',
  version: 1,
  description:
    'Earned fees moved from trust to the operating account against an invoice: billing applies it as a TRUST payment, once per transferId.',
  data: z.object({
    transferId: uuidSchema.describe('Unique per transfer: billing deduplicates the payment on it'),
    entryId: uuidSchema,
    trustAccountId: uuidSchema,
    invoiceId: uuidSchema,
    clientId: uuidSchema,
    matterId: uuidSchema,
    amount: moneySchema,
    transferredOn: businessDateSchema,
    paymentMethod: z.literal('TRUST'),
  }),
  clientIdOf: (data) => data.clientId,
});

export const refundRecorded = defineEvent({
  service: 'trust',
  entity: 'refund',
  verb: 'recorded',
  version: 1,
  description: 'Unused trust money was paid back to the client.',
  data: z.object({
    entryId: uuidSchema,
    trustAccountId: uuidSchema,
    clientId: uuidSchema,
    matterId: uuidSchema,
    amount: moneySchema,
    method: paymentMethod,
    refundedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const transactionReversed = defineEvent({
  service: 'trust',
  entity: 'transaction',
  verb: 'reversed',
  version: 1,
  description: 'A journal entry was undone by a reversing entry that names it.',
  data: z.object({
    ...ledgerRef,
    entryId: uuidSchema.describe('The reversing entry'),
    reversedEntryId: uuidSchema,
    amount: moneySchema.describe('The reversing amount: positive adds to the ledger'),
    reason: z.string().min(1),
    reversedOn: businessDateSchema,
  }),
  clientIdOf: clientOrAccount,
});

export const shortageDetected = defineEvent({
  service: 'trust',
  entity: 'shortage',
  verb: 'detected',
  version: 1,
  description:
    'A client-matter ledger went below zero (a returned deposit had already been paid out): the firm must cover it from operating funds.',
  data: z.object({
    trustAccountId: uuidSchema,
    clientId: uuidSchema,
    matterId: uuidSchema,
    shortage: moneySchema.describe('How much the firm must put back (positive)'),
    ledgerBalance: moneySchema,
    depositId: uuidSchema,
    detectedOn: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const shortageCovered = defineEvent({
  service: 'trust',
  entity: 'shortage',
  verb: 'covered',
  version: 1,
  description:
    'The firm put its own operating money into a client-matter ledger to cover a shortage, in a SHORTAGE_COVER journal entry naming it; the shortage closes when covered in full.',
  data: z.object({
    trustAccountId: uuidSchema,
    clientId: uuidSchema,
    matterId: uuidSchema,
    shortageId: uuidSchema,
    depositId: uuidSchema.describe('The returned deposit that caused the shortage'),
    entryId: uuidSchema.describe('The SHORTAGE_COVER journal entry'),
    amount: moneySchema.describe('This cover (positive)'),
    open: moneySchema.describe('What is still open after it'),
    covered: z.boolean().describe('True when this cover closed the shortage'),
    coveredOn: businessDateSchema,
    reference: z.string().min(1),
    ledgerBalance: moneySchema,
  }),
  clientIdOf: (data) => data.clientId,
});

const reconciliationFigures = {
  reconciliationId: uuidSchema,
  trustAccountId: uuidSchema,
  periodEnd: businessDateSchema,
  adjustedBankBalance: moneySchema,
  journalBalance: moneySchema,
  clientLedgersTotal: moneySchema,
};

export const reconciliationCompleted = defineEvent({
  service: 'trust',
  entity: 'reconciliation',
  verb: 'completed',
  version: 1,
  description: 'A three-way reconciliation agreed and was signed off; its period is frozen.',
  data: z.object({ ...reconciliationFigures, signedOffBy: z.string().min(1) }),
  clientIdOf: (data) => data.trustAccountId,
});

export const reconciliationDiscrepancy = defineEvent({
  service: 'trust',
  entity: 'reconciliation',
  verb: 'discrepancy',
  version: 1,
  description: 'A three-way reconciliation does not agree: its three balances differ.',
  data: z.object(reconciliationFigures),
  clientIdOf: (data) => data.trustAccountId,
});

export const reconciliationDue = defineEvent({
  service: 'trust',
  entity: 'reconciliation',
  verb: 'due',
  version: 1,
  description:
    'A month end of a trust account is still not reconciled past the days allowed for it; reported once per month end by the daily job.',
  data: z.object({
    trustAccountId: uuidSchema,
    periodEnd: businessDateSchema.describe('The month end that needs a signed-off reconciliation'),
    dueBy: businessDateSchema.describe('The day it should have been signed off by'),
    lockedThrough: businessDateSchema
      .nullable()
      .describe('The last signed-off period end, or null if none'),
  }),
  clientIdOf: (data) => data.trustAccountId,
});

export const balanceLow = defineEvent({
  service: 'trust',
  entity: 'balance',
  verb: 'low',
  version: 1,
  description: "A matter's trust balance fell below its evergreen retainer minimum.",
  data: z.object({
    trustAccountId: uuidSchema,
    clientId: uuidSchema,
    matterId: uuidSchema,
    balance: moneySchema,
    minimum: moneySchema,
  }),
  clientIdOf: (data) => data.clientId,
});
