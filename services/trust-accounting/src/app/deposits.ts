import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { BadUserInputError, ConflictError, NotFoundError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import type { PaymentMethod } from '../domain/payment-methods';
import { comminglingForbidden } from '../domain/trust-errors';
import type { TrustDatabase } from '../db/schema';
import type { TrustScope } from './trust-scope';
import { requireAccountCurrency } from './currency';
import { loadAccount } from './lookup';
import { runBatchedCommand } from './posting-queue';
import { TRUST_BOOKKEEPERS } from './roles';
import { depositView, type DepositView } from './views';

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

/** Locks a deposit row for a status change; it must be in one of `from`. */
export async function lockDeposit(
  tx: Transaction<TrustDatabase>,
  depositId: string,
  from: readonly string[],
  action: string,
) {
  const deposit = await tx
    .selectFrom('deposits')
    .selectAll()
    .where('id', '=', depositId)
    .forUpdate()
    .executeTakeFirst();
  if (!deposit) throw new NotFoundError(`Deposit ${depositId} does not exist`, { depositId });
  if (!from.includes(deposit.status)) {
    throw new ConflictError(`Deposit ${depositId} is ${deposit.status} and cannot be ${action}`, {
      depositId,
      status: deposit.status,
    });
  }
  return deposit;
}

export function markTrustDepositCleared(
  trust: TrustScope,
  idempotencyKey: string,
  input: { depositId: string; clearedOn: string },
): Promise<DepositView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  const request = { operation: 'markTrustDepositCleared', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const deposit = await lockDeposit(tx, input.depositId, ['UNCLEARED'], 'cleared');
    const account = await loadAccount(tx, deposit.trust_account_id);
    const ledger = await tx
      .updateTable('ledgers')
      .set((eb) => ({ uncleared_minor: eb('uncleared_minor', '-', deposit.amount_minor) }))
      .where('id', '=', deposit.ledger_id)
      .returning(['balance_minor', 'client_id', 'matter_id'])
      .executeTakeFirstOrThrow();
    const cleared = await tx
      .updateTable('deposits')
      .set({ status: 'CLEARED', cleared_on: input.clearedOn })
      .where('id', '=', deposit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [
      eventOf(trust.caller, trustEvents.depositCleared, deposit.id, {
        trustAccountId: account.id,
        clientId: ledger.client_id,
        matterId: ledger.matter_id,
        depositId: deposit.id,
        amount: moneyOutput(deposit.amount_minor, account.currency),
        clearedOn: input.clearedOn,
      }),
    ]);
    return depositView(cleared, account.currency, ledger.balance_minor);
  });
}
