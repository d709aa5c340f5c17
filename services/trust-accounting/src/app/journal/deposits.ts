import { randomUUID } from 'node:crypto';
import { trustEvents } from '@lexfin/contracts';
import { BadUserInputError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf } from '@lexfin/service-kit';
import type { PaymentMethod } from '../../domain/payment-methods';
import { requireDepositIn } from '../../domain/row-status';
import { comminglingForbidden } from '../../domain/trust-errors';
import type { TrustScope } from '../trust-scope';
import { requireAccountCurrency } from '../currency';
import { runBatchedCommand } from './engine/queue';
import { runJournalCommand } from './engine/run';
import { TRUST_BOOKKEEPERS } from '../roles';
import { depositView, type DepositView } from '../views';

export interface RecordTrustDepositInput {
  trustAccountId: string;
  /** CLIENT money goes to the matter's ledger; FIRM money only to the firm-funds ledger. */
  fundsOwner: 'CLIENT' | 'FIRM';
  clientId?: string | null;
  matterId?: string | null;
  amountMinor: bigint;
  currency: string;
  method: PaymentMethod;
  receivedOn: string;
  payor: string;
  reference?: string | null;
}

export function recordTrustDeposit(
  trust: TrustScope,
  idempotencyKey: string,
  input: RecordTrustDepositInput,
): Promise<DepositView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  if (input.fundsOwner === 'FIRM' && (input.matterId || input.clientId))
    throw comminglingForbidden();
  if (input.fundsOwner === 'CLIENT' && (!input.matterId || !input.clientId)) {
    throw new BadUserInputError({
      [input.clientId ? 'matterId' : 'clientId']: 'is required for a deposit of client money',
    });
  }
  return runBatchedCommand({
    trust,
    operation: 'recordTrustDeposit',
    idempotencyKey,
    input,
    trustAccountId: input.trustAccountId,
    ledger:
      input.fundsOwner === 'CLIENT'
        ? { matterId: input.matterId!, clientId: input.clientId! }
        : 'FIRM_FUNDS',
    decide({ account, ledger, post }) {
      requireAccountCurrency(account, input.currency);
      const cleared = account.immediately_available_methods.includes(input.method);
      const depositId = randomUUID();
      const posted = post({
        entryType: 'DEPOSIT',
        amountMinor: input.amountMinor,
        unclearedDeltaMinor: cleared ? 0n : input.amountMinor,
        guarded: false,
        effectiveDate: input.receivedOn,
        description: `Deposit by ${input.method}`,
        counterparty: input.payor,
        paymentMethod: input.method,
        reference: input.reference ?? null,
        sourceId: depositId,
      });
      const deposit = {
        firm_id: account.firm_id,
        id: depositId,
        trust_account_id: account.id,
        ledger_id: ledger.id,
        entry_id: posted.row.id,
        amount_minor: input.amountMinor,
        method: input.method,
        received_on: input.receivedOn,
        status: cleared ? ('CLEARED' as const) : ('UNCLEARED' as const),
        cleared_on: cleared ? input.receivedOn : null,
      };
      return {
        rows: [{ table: 'deposits', row: deposit }],
        events: [
          eventOf(trust.caller, trustEvents.depositRecorded, depositId, {
            trustAccountId: account.id,
            clientId: ledger.client_id,
            matterId: ledger.matter_id,
            depositId,
            entryId: posted.row.id,
            amount: moneyOutput(input.amountMinor, account.currency),
            method: input.method,
            receivedOn: input.receivedOn,
            cleared,
          }),
        ],
        answer: () => depositView(deposit, account.currency, posted.balanceAfterMinor),
      };
    },
  });
}

/** The bank has collected a deposit: its amount stops counting as uncollected (no entry). */
export function markTrustDepositCleared(
  trust: TrustScope,
  idempotencyKey: string,
  input: { depositId: string; clearedOn: string },
): Promise<DepositView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runJournalCommand({
    trust,
    operation: 'markTrustDepositCleared',
    idempotencyKey,
    input,
    subject: { depositId: input.depositId },
    decide({ account, ledger, subject, clearFunds }) {
      const deposit = requireDepositIn(subject.deposit!, ['UNCLEARED'], 'cleared');
      clearFunds(deposit.amount_minor);
      const cleared = { ...deposit, status: 'CLEARED' as const, cleared_on: input.clearedOn };
      return {
        rows: [],
        changes: [
          {
            table: 'deposits',
            id: deposit.id,
            set: { status: cleared.status, cleared_on: cleared.cleared_on },
          },
        ],
        events: [
          eventOf(trust.caller, trustEvents.depositCleared, deposit.id, {
            trustAccountId: account.id,
            clientId: ledger.client_id,
            matterId: ledger.matter_id,
            depositId: deposit.id,
            amount: moneyOutput(deposit.amount_minor, account.currency),
            clearedOn: input.clearedOn,
          }),
        ],
        answer: () => depositView(cleared, account.currency, ledger.balance_minor),
      };
    },
  });
}
