import { trustEvents } from '@lexfin/contracts';
import { ConflictError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf } from '@lexfin/service-kit';
import { knownDeposit, requireDepositIn } from '../../domain/row-status';
import type { TrustScope } from '../trust-scope';
import { runJournalCommand } from './engine/run';
import type { ChangedRow, SubjectRows } from './engine/types';
import type { JournalRow } from '../journal-row';
import { TRUST_APPROVERS } from '../roles';
import { entryView, type EntryView } from '../views';

const UNIQUE_VIOLATION = '23505';

export interface ReverseTrustTransactionInput {
  entryId: string;
  reason: string;
  reversedOn: string;
}

/**
 * Fixes a mistake the only way an append-only journal allows: a new entry of the opposite amount
 * that names the one it reverses. Taking a deposit back is a payment out like any other: refused
 * if the money was already spent. An entry is reversed at most once (a unique index backs it).
 * Reversing a transfer to operating leaves the invoice replica alone: billing has counted (or
 * will count) the transfer as paid, and only its own events say the invoice is open again.
 */
export async function reverseTrustTransaction(
  trust: TrustScope,
  idempotencyKey: string,
  input: ReverseTrustTransactionInput,
): Promise<EntryView> {
  allow(trust.caller, TRUST_APPROVERS);
  try {
    return await runJournalCommand({
      trust,
      operation: 'reverseTrustTransaction',
      idempotencyKey,
      input,
      subject: { entryId: input.entryId },
      decide({ account, ledger, subject, post }) {
        const original = subject.entry!;
        if (original.reverses_entry_id !== null) {
          throw new ConflictError(
            `Entry ${original.id} is itself a reversal; record a new entry instead of reversing it`,
          );
        }
        const deposit = reversedDeposit(original, subject);
        const posted = post({
          entryType: 'REVERSAL',
          amountMinor: -original.amount_minor,
          unclearedDeltaMinor: deposit?.unclearedDeltaMinor ?? 0n,
          guarded: original.amount_minor > 0n,
          effectiveDate: input.reversedOn,
          description: `Reversal: ${input.reason}`,
          counterparty: original.counterparty,
          paymentMethod: original.payment_method,
          reference: original.reference,
          invoiceId: original.invoice_id,
          sourceId: original.source_id,
          reversesEntryId: original.id,
        });
        return {
          rows: [],
          changes: deposit ? [deposit.change] : [],
          events: [
            eventOf(trust.caller, trustEvents.transactionReversed, posted.row.id, {
              trustAccountId: account.id,
              clientId: ledger.client_id,
              matterId: ledger.matter_id,
              entryId: posted.row.id,
              reversedEntryId: original.id,
              amount: moneyOutput(-original.amount_minor, account.currency),
              reason: input.reason,
              reversedOn: input.reversedOn,
            }),
          ],
          answer: () => entryView(posted.row),
        };
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new ConflictError(`Entry ${input.entryId} has already been reversed`);
    }
    throw error;
  }
}

/**
 * A reversed deposit entry takes its deposit with it (REVERSED), and what of it was still
 * uncollected; none for other entries.
 */
function reversedDeposit(
  original: JournalRow,
  subject: SubjectRows,
): { unclearedDeltaMinor: bigint; change: ChangedRow } | null {
  if (original.entry_type !== 'DEPOSIT') return null;
  const depositId = original.source_id!;
  const deposit = requireDepositIn(
    knownDeposit(subject.deposit, depositId),
    ['UNCLEARED', 'CLEARED'],
    'reversed',
  );
  return {
    unclearedDeltaMinor: deposit.status === 'UNCLEARED' ? -deposit.amount_minor : 0n,
    change: { table: 'deposits', id: deposit.id, set: { status: 'REVERSED' } },
  };
}
