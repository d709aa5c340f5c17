import { BadUserInputError } from '@lexfin/platform/errors';
import { allow, runCommand, type Caller } from '@lexfin/service-kit';
import type { CreditDeps } from '../deps';
import { moneyOf, type MoneyView } from '../money-view';
import { lockClient, reassessClients } from '../profile/reassess-client';
import { CREDIT_MANAGERS } from '../roles';

export interface CreditLimitView {
  clientId: string;
  limit: MoneyView;
  reason: string;
  setBy: string;
}

/**
 * Sets a client's limit in one currency (replacing the grade's default) and re-assesses the
 * client at once, so a breach or restore it causes is published with it.
 */
export async function setCreditLimit(
  deps: CreditDeps,
  caller: Caller,
  request: { clientId: string; amountMinor: bigint; currency: string; reason: string },
  idempotencyKey: string,
): Promise<CreditLimitView> {
  allow(caller, CREDIT_MANAGERS);
  const { clientId, amountMinor, currency, reason } = request;
  return runCommand(
    deps.db,
    caller,
    {
      operation: 'setCreditLimit',
      idempotencyKey,
      input: { clientId, amount: String(amountMinor), currency, reason },
    },
    async (tx) => {
      const now = deps.clock();
      await lockClient(tx, caller.firmId, clientId);
      const known = await tx
        .selectFrom('client_profiles')
        .select('client_id')
        .where('firm_id', '=', caller.firmId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (!known) throw new BadUserInputError({ clientId: 'is not a client of the firm' });
      const values = { amount_minor: amountMinor, reason, set_by: caller.userId, set_at: now };
      await tx
        .insertInto('credit_limits')
        .values({ firm_id: caller.firmId, client_id: clientId, currency, ...values })
        .onConflict((conflict) =>
          conflict.columns(['firm_id', 'client_id', 'currency']).doUpdateSet(values),
        )
        .execute();
      await reassessClients(tx, caller, [clientId], now);
      return { clientId, limit: moneyOf(amountMinor, currency), reason, setBy: caller.userId };
    },
  );
}
