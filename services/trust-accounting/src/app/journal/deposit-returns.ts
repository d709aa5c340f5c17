import { randomUUID } from 'node:crypto';
import { trustEvents, type EventEnvelope } from '@lexfin/contracts';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf, type Caller } from '@lexfin/service-kit';
import { requireDepositIn } from '../../domain/row-status';
import { shortageLeftBy } from '../../domain/shortage';
import type { TrustScope } from '../trust-scope';
import type { AccountRow, DepositRow, LedgerRow } from '../lookup';
import { runJournalCommand } from './engine/run';
import type { BatchDecision, PostedEntry, RecordedRow } from './engine/types';
import { TRUST_BOOKKEEPERS } from '../roles';
import { depositView, type DepositView } from '../views';

export interface RecordTrustDepositReturnedInput {
  depositId: string;
  returnedOn: string;
  reason: string;
}

/**
 * A bounced (NSF) deposit: a reversing entry takes it off the ledger even when its money was
 * already paid out, because the bank has taken it back. A ledger left below zero is a shortage
 * the firm must cover at once: it is recorded and announced in the same transaction.
 */
export function recordTrustDepositReturned(
  trust: TrustScope,
  idempotencyKey: string,
  input: RecordTrustDepositReturnedInput,
): Promise<DepositView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runJournalCommand({
    trust,
    operation: 'recordTrustDepositReturned',
    idempotencyKey,
    input,
    subject: { depositId: input.depositId },
    decide({ account, ledger, subject, post }): BatchDecision<DepositView> {
      const deposit = requireDepositIn(subject.deposit!, ['UNCLEARED', 'CLEARED'], 'returned');
      const amount = deposit.amount_minor;
      const posted = post({
        entryType: 'DEPOSIT_RETURNED',
        amountMinor: -amount,
        unclearedDeltaMinor: deposit.status === 'UNCLEARED' ? -amount : 0n,
        guarded: false,
        effectiveDate: input.returnedOn,
        description: `Returned deposit: ${input.reason}`,
        paymentMethod: deposit.method,
        sourceId: deposit.id,
        reversesEntryId: deposit.entry_id,
      });
      const returned = { ...deposit, status: 'RETURNED' as const };
      const shortage = shortageOf(trust.caller, input, { account, ledger, deposit, posted });
      return {
        rows: shortage.rows,
        changes: [{ table: 'deposits', id: deposit.id, set: { status: returned.status } }],
        events: [
          eventOf(trust.caller, trustEvents.depositReturned, deposit.id, {
            trustAccountId: account.id,
            clientId: ledger.client_id,
            matterId: ledger.matter_id,
            depositId: deposit.id,
            entryId: posted.row.id,
            amount: moneyOutput(amount, account.currency),
            returnedOn: input.returnedOn,
            reason: input.reason,
            ledgerBalance: moneyOutput(posted.balanceAfterMinor, account.currency),
          }),
          ...shortage.events,
        ],
        answer: () => depositView(returned, account.currency, posted.balanceAfterMinor),
      };
    },
  });
}

interface ReturnedDeposit {
  account: AccountRow;
  ledger: LedgerRow;
  deposit: DepositRow;
  posted: PostedEntry;
}

/** The shortage a return left a client's ledger, recorded and announced; nothing if none. */
function shortageOf(
  caller: Caller,
  input: RecordTrustDepositReturnedInput,
  { account, ledger, deposit, posted }: ReturnedDeposit,
): { rows: RecordedRow[]; events: EventEnvelope<unknown>[] } {
  const shortage = shortageLeftBy(deposit.amount_minor, posted.balanceAfterMinor);
  if (shortage === 0n || ledger.client_id === null || ledger.matter_id === null) {
    return { rows: [], events: [] };
  }
  const money = (minor: bigint) => moneyOutput(minor, account.currency);
  return {
    rows: [
      {
        table: 'shortages',
        row: {
          firm_id: account.firm_id,
          id: randomUUID(),
          trust_account_id: account.id,
          ledger_id: ledger.id,
          deposit_id: deposit.id,
          shortage_minor: shortage,
          detected_on: input.returnedOn,
        },
      },
    ],
    events: [
      eventOf(caller, trustEvents.shortageDetected, ledger.matter_id, {
        trustAccountId: account.id,
        clientId: ledger.client_id,
        matterId: ledger.matter_id,
        shortage: money(shortage),
        ledgerBalance: money(posted.balanceAfterMinor),
        depositId: deposit.id,
        detectedOn: input.returnedOn,
      }),
    ],
  };
}
