import type { Kysely } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { emit, eventOf, inFirm } from '@lexfin/service-kit';
import { overdueMonthEnd } from '../../domain/reconciliation/due';
import type { TrustDatabase } from '../../db/schema';
import type { TrustScope } from '../trust-scope';

/** Every firm that holds a trust account. */
export async function trustFirmIds(db: Kysely<TrustDatabase>): Promise<string[]> {
  const rows = await db.selectFrom('trust_firms').select('firm_id').orderBy('firm_id').execute();
  return rows.map((row) => row.firm_id);
}

/**
 * Reports each trust account of the caller's firm whose latest overdue month end is not signed
 * off (DOMAIN.md invariant 7: at least monthly), once per account and month end; an account
 * opened after that month end owes nothing for it. Returns the month ends reported.
 */
export async function remindDueReconciliations(
  trust: Pick<TrustScope, 'db' | 'caller'>,
  today: string,
): Promise<{ trustAccountId: string; periodEnd: string }[]> {
  const { periodEnd, dueBy } = overdueMonthEnd(today);
  return inFirm(trust.db, trust.caller, async (tx) => {
    const accounts = await tx
      .selectFrom('trust_accounts')
      .select(['id', 'firm_id', 'locked_through'])
      .where((eb) =>
        eb.or([eb('locked_through', 'is', null), eb('locked_through', '<', periodEnd)]),
      )
      .where('opened_at', '<=', new Date(`${periodEnd}T23:59:59.999Z`))
      .orderBy('opened_at')
      .execute();
    const reminded: { trustAccountId: string; periodEnd: string }[] = [];
    for (const account of accounts) {
      const first = await tx
        .insertInto('reconciliation_reminders')
        .values({ firm_id: account.firm_id, trust_account_id: account.id, period_end: periodEnd })
        .onConflict((conflict) => conflict.columns(['trust_account_id', 'period_end']).doNothing())
        .returning('trust_account_id')
        .executeTakeFirst();
      if (!first) continue;
      await emit(tx, [
        eventOf(trust.caller, trustEvents.reconciliationDue, account.id, {
          trustAccountId: account.id,
          periodEnd,
          dueBy,
          lockedThrough: account.locked_through,
        }),
      ]);
      reminded.push({ trustAccountId: account.id, periodEnd });
    }
    return reminded;
  });
}
