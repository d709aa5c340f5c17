import { trustEvents } from '@lexfin/contracts';
import { ConflictError, NotFoundError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import type { TrustScope } from './trust-scope';
import { lockDeposit } from './deposits';
import { loadAccount } from './lookup';
import { postEntries } from './posting';
import { TRUST_APPROVERS } from './roles';
import { entryView, type EntryView } from './views';

const UNIQUE_VIOLATION = '23505';

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
  input: { entryId: string; reason: string; reversedOn: string },
): Promise<EntryView> {
  allow(trust.caller, TRUST_APPROVERS);
  try {
    return await runCommand(
      trust.db,
      trust.caller,
      { operation: 'reverseTrustTransaction', idempotencyKey, input },
      async (tx) => {
        const original = await tx
          .selectFrom('journal_entries')
          .selectAll()
          .where('id', '=', input.entryId)
          .executeTakeFirst();
        if (!original) throw new NotFoundError(`Journal entry ${input.entryId} does not exist`);
        if (original.reverses_entry_id !== null) {
          throw new ConflictError(
            `Entry ${original.id} is itself a reversal; record a new entry instead of reversing it`,
          );
        }
        let unclearedDelta = 0n;
        if (original.entry_type === 'DEPOSIT') {
          const deposit = await lockDeposit(
            tx,
            original.source_id!,
            ['UNCLEARED', 'CLEARED'],
            'reversed',
          );
          if (deposit.status === 'UNCLEARED') unclearedDelta = -deposit.amount_minor;
          await tx
            .updateTable('deposits')
            .set({ status: 'REVERSED' })
            .where('id', '=', deposit.id)
            .execute();
        }
        const account = await loadAccount(tx, original.trust_account_id);
        const ledger = await tx
          .selectFrom('ledgers')
          .selectAll()
          .where('id', '=', original.ledger_id)
          .executeTakeFirstOrThrow();
        const [posted] = await postEntries(
          tx,
          account,
          [
            {
              ledger,
              entryType: 'REVERSAL',
              amountMinor: -original.amount_minor,
              unclearedDeltaMinor: unclearedDelta,
              guarded: original.amount_minor > 0n,
              effectiveDate: input.reversedOn,
              description: `Reversal: ${input.reason}`,
              counterparty: original.counterparty,
              paymentMethod: original.payment_method,
              reference: original.reference,
              invoiceId: original.invoice_id,
              sourceId: original.source_id,
              reversesEntryId: original.id,
            },
          ],
          trust.caller.userId,
        );
        await emit(tx, [
          eventOf(trust.caller, trustEvents.transactionReversed, posted!.row.id, {
            trustAccountId: account.id,
            clientId: ledger.client_id,
            matterId: ledger.matter_id,
            entryId: posted!.row.id,
            reversedEntryId: original.id,
            amount: moneyOutput(-original.amount_minor, account.currency),
            reason: input.reason,
            reversedOn: input.reversedOn,
          }),
        ]);
        return entryView(posted!.row);
      },
    );
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new ConflictError(`Entry ${input.entryId} has already been reversed`);
    }
    throw error;
  }
}
