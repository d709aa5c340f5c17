import { clientId, matterId } from './ids';
import type { Sample } from './sample';

const trustAccountId = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const entryId = '7c6b5a49-3827-4165-9f4e-3d2c1b0a9f8e';
const depositId = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
const disbursementId = '2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b';
const invoiceId = '8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b3';
const reconciliationId = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const ledger = { trustAccountId, clientId, matterId };
const disbursement = {
  ...ledger,
  disbursementId,
  amount: usd('2500.00'),
  payee: 'Pier 9 Holdings LLC',
  purpose: 'Settlement payment',
  method: 'WIRE',
  checkNumber: null,
};
const figures = {
  reconciliationId,
  trustAccountId,
  periodEnd: '2026-03-31',
  adjustedBankBalance: usd('12800.00'),
  journalBalance: usd('12800.00'),
  clientLedgersTotal: usd('12800.00'),
};

/** A valid payload and subject for every trust event. */
export const trustSamples = {
  'lexfin.trust.account.opened.v1': {
    subject: trustAccountId,
    keyedBy: trustAccountId,
    data: {
      trustAccountId,
      name: 'IOLTA operating trust',
      kind: 'IOLTA',
      currency: 'USD',
      bankName: 'First Harbour Bank',
      accountLast4: '4321',
      disbursementApprovalThreshold: usd('10000.00'),
    },
  },
  'lexfin.trust.deposit.recorded.v1': {
    subject: depositId,
    data: {
      ...ledger,
      depositId,
      entryId,
      amount: usd('5000.00'),
      method: 'CHECK',
      receivedOn: '2026-03-03',
      cleared: false,
    },
  },
  'lexfin.trust.deposit.cleared.v1': {
    subject: depositId,
    data: { ...ledger, depositId, amount: usd('5000.00'), clearedOn: '2026-03-05' },
  },
  'lexfin.trust.deposit.returned.v1': {
    subject: depositId,
    data: {
      ...ledger,
      depositId,
      entryId,
      amount: usd('5000.00'),
      returnedOn: '2026-03-09',
      reason: 'NSF',
      ledgerBalance: usd('-1200.00'),
    },
  },
  'lexfin.trust.disbursement.requested.v1': {
    subject: disbursementId,
    data: { ...disbursement, requestedBy: 'user-ana' },
  },
  'lexfin.trust.disbursement.approved.v1': {
    subject: disbursementId,
    data: { ...disbursement, approvedBy: 'user-ben' },
  },
  'lexfin.trust.disbursement.recorded.v1': {
    subject: disbursementId,
    data: { ...disbursement, checkNumber: '1042', entryId, paidOn: '2026-03-10' },
  },
  'lexfin.trust.transfer_to_operating.recorded.v1': {
    subject: entryId,
    data: {
      transferId: entryId,
      entryId,
      trustAccountId,
      invoiceId,
      clientId,
      matterId,
      amount: usd('1800.00'),
      transferredOn: '2026-03-12',
      paymentMethod: 'TRUST',
    },
  },
  'lexfin.trust.refund.recorded.v1': {
    subject: entryId,
    data: {
      entryId,
      trustAccountId,
      clientId,
      matterId,
      amount: usd('700.00'),
      method: 'CHECK',
      refundedOn: '2026-11-30',
    },
  },
  'lexfin.trust.transaction.reversed.v1': {
    subject: entryId,
    data: {
      ...ledger,
      entryId,
      reversedEntryId: depositId,
      amount: usd('-5000.00'),
      reason: 'Recorded against the wrong matter',
      reversedOn: '2026-03-04',
    },
  },
  'lexfin.trust.shortage.detected.v1': {
    subject: matterId,
    data: {
      trustAccountId,
      clientId,
      matterId,
      shortage: usd('1200.00'),
      ledgerBalance: usd('-1200.00'),
      depositId,
      detectedOn: '2026-03-09',
    },
  },
  'lexfin.trust.shortage.covered.v1': {
    subject: matterId,
    data: {
      trustAccountId,
      clientId,
      matterId,
      shortageId: '3b4c5d6e-7f80-4192-a3b4-c5d6e7f8091a',
      depositId,
      entryId,
      amount: usd('1200.00'),
      open: usd('0.00'),
      covered: true,
      coveredOn: '2026-03-10',
      reference: 'Operating transfer 7781',
      ledgerBalance: usd('0.00'),
    },
  },
  'lexfin.trust.reconciliation.completed.v1': {
    subject: reconciliationId,
    keyedBy: trustAccountId,
    data: { ...figures, signedOffBy: 'user-ben' },
  },
  'lexfin.trust.reconciliation.discrepancy.v1': {
    subject: reconciliationId,
    keyedBy: trustAccountId,
    data: { ...figures, clientLedgersTotal: usd('12750.00') },
  },
  'lexfin.trust.reconciliation.due.v1': {
    subject: trustAccountId,
    keyedBy: trustAccountId,
    data: {
      trustAccountId,
      periodEnd: '2026-03-31',
      dueBy: '2026-04-10',
      lockedThrough: '2026-02-28',
    },
  },
  'lexfin.trust.balance.low.v1': {
    subject: matterId,
    data: { ...ledger, balance: usd('900.00'), minimum: usd('5000.00') },
  },
} satisfies Record<string, Sample>;
