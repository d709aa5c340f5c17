import { randomUUID } from 'node:crypto';
import { trustEvents, type EventEnvelope } from '@lexfin/contracts';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import type { TrustScope } from './trust-scope';
import { lockDeposit } from './deposits';
import { loadAccount } from './lookup';
import { postEntries } from './posting';
import { TRUST_BOOKKEEPERS } from './roles';
import { depositView, type DepositView } from './views';

/**
 * A bounced (NSF) deposit: a reversing entry takes it off the ledger even when its money was
 * already paid out, because the bank has taken it back. A ledger left below zero is a shortage
 * the firm must cover at once: it is recorded and announced in the same transaction.
 */
export function recordTrustDepositReturned(
  trust: TrustScope,
  idempotencyKey: string,
  input: { depositId: string; returnedOn: string; reason: string },
): Promise<DepositView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  const request = { operation: 'recordTrustDepositReturned', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const deposit = await lockDeposit(tx, input.depositId, ['UNCLEARED', 'CLEARED'], 'returned');
    const account = await loadAccount(tx, deposit.trust_account_id);
    const ledger = await tx
      .selectFrom('ledgers')
      .selectAll()
      .where('id', '=', deposit.ledger_id)
      .executeTakeFirstOrThrow();
    const amount = deposit.amount_minor;
    const [posted] = await postEntries(
      tx,
      account,
      [
        {
          ledger,
          entryType: 'DEPOSIT_RETURNED',
          amountMinor: -amount,
          unclearedDeltaMinor: deposit.status === 'UNCLEARED' ? -amount : 0n,
          guarded: false,
          effectiveDate: input.returnedOn,
          description: `Returned deposit: ${input.reason}`,
          paymentMethod: deposit.method,
          sourceId: deposit.id,
          reversesEntryId: deposit.entry_id,
        },
      ],
      trust.caller.userId,
    );
    const returned = await tx
      .updateTable('deposits')
      .set({ status: 'RETURNED' })
      .where('id', '=', deposit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const balanceAfter = posted!.balanceAfterMinor;
    const money = (minor: bigint) => moneyOutput(minor, account.currency);
    const events: EventEnvelope<unknown>[] = [
      eventOf(trust.caller, trustEvents.depositReturned, deposit.id, {
        trustAccountId: account.id,
        clientId: ledger.client_id,
        matterId: ledger.matter_id,
        depositId: deposit.id,
        entryId: posted!.row.id,
        amount: money(amount),
        returnedOn: input.returnedOn,
        reason: input.reason,
        ledgerBalance: money(balanceAfter),
      }),
    ];
    if (balanceAfter < 0n && ledger.client_id !== null && ledger.matter_id !== null) {
      const shortage = -balanceAfter < amount ? -balanceAfter : amount;
      await tx
        .insertInto('shortages')
        .values({
          firm_id: account.firm_id,
          id: randomUUID(),
          trust_account_id: account.id,
          ledger_id: ledger.id,
          deposit_id: deposit.id,
          shortage_minor: shortage,
          detected_on: input.returnedOn,
        })
        .execute();
      events.push(
        eventOf(trust.caller, trustEvents.shortageDetected, ledger.matter_id, {
          trustAccountId: account.id,
          clientId: ledger.client_id,
          matterId: ledger.matter_id,
          shortage: money(shortage),
          ledgerBalance: money(balanceAfter),
          depositId: deposit.id,
          detectedOn: input.returnedOn,
        }),
      );
    }
    await emit(tx, events);
    return depositView(returned, account.currency, balanceAfter);
  });
}
