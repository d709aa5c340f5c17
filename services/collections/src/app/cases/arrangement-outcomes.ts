import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
import { paidBetween, planProgress, promiseOutcome } from '../../domain/arrangements';
import { localDate } from '../../domain/calendar';
import type { CollectionsDatabase } from '../../db/schema';
import type { LoadedCase } from './case-facts';
import { moneyJson } from './arrangement-support';

type Tx = Transaction<CollectionsDatabase>;

/**
 * Publishes what the facts now say of the client's promises and plans: kept or broken, complete
 * or in default. Whether one holds the ladder is derived from the payments and the date every
 * time; the outcome column only records that its event went out, once.
 */
export async function recordArrangementOutcomes(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  now: Date,
) {
  const { facts } = loaded;
  if (facts.promises.length === 0 && facts.plans.length === 0) return;
  const today = localDate(facts.client.timeZone, now);
  const clientId = facts.client.clientId;
  const events = [];
  const pendingPromises = await tx
    .selectFrom('promises_to_pay')
    .select(['id', 'case_id', 'currency', 'amount_minor', 'pay_by'])
    .where('client_id', '=', clientId)
    .where('outcome', 'is', null)
    .execute();
  for (const row of pendingPromises) {
    const promise = facts.promises.find((candidate) => candidate.promiseId === row.id)!;
    const outcome = promiseOutcome(promise, facts.payments, today);
    if (outcome === 'OPEN') continue;
    await tx
      .updateTable('promises_to_pay')
      .set({ outcome, outcome_on: today })
      .where('id', '=', row.id)
      .execute();
    const common = {
      promiseId: row.id,
      caseId: row.case_id,
      clientId,
      amount: moneyJson(row.amount_minor, row.currency),
      paid: moneyJson(
        paidBetween(facts.payments, promise.invoiceIds, promise.madeOn, promise.payBy),
        row.currency,
      ),
      payBy: row.pay_by,
    };
    events.push(
      outcome === 'KEPT'
        ? eventOf(caller, collectionsEvents.promiseKept, row.id, { ...common, keptOn: today })
        : eventOf(caller, collectionsEvents.promiseBroken, row.id, { ...common, brokenOn: today }),
    );
  }
  const activePlans = await tx
    .selectFrom('payment_plans')
    .select(['id', 'case_id', 'currency', 'total_minor'])
    .where('client_id', '=', clientId)
    .where('status', '=', 'ACTIVE')
    .execute();
  for (const row of activePlans) {
    const plan = facts.plans.find((candidate) => candidate.planId === row.id)!;
    const progress = planProgress(plan, facts.payments, today);
    if (progress.outcome === 'ACTIVE') continue;
    await tx
      .updateTable('payment_plans')
      .set({ status: progress.outcome, outcome_on: today })
      .where('id', '=', row.id)
      .execute();
    const paid = progress.instalments.reduce((sum, i) => sum + i.paidMinor, 0n);
    events.push(
      progress.outcome === 'COMPLETED'
        ? eventOf(caller, collectionsEvents.planCompleted, row.id, {
            planId: row.id,
            caseId: row.case_id,
            clientId,
            total: moneyJson(row.total_minor, row.currency),
            completedOn: today,
          })
        : eventOf(caller, collectionsEvents.planDefaulted, row.id, {
            planId: row.id,
            caseId: row.case_id,
            clientId,
            missedDueOn: progress.missedDueOn!,
            paid: moneyJson(paid, row.currency),
            defaultedOn: today,
          }),
    );
  }
  await emit(tx, events);
}
