import type { Selectable, Transaction } from 'kysely';
import { Money } from '@lexfin/money';
import { allow, inFirm } from '@lexfin/service-kit';
import type {
  CollectionsDatabase,
  DisputesTable,
  PaymentPlansTable,
  PlanInstalmentsTable,
  PromisesToPayTable,
} from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { COLLECTIONS_READERS } from '../roles';

type Tx = Transaction<CollectionsDatabase>;
type InstalmentRow = Pick<Selectable<PlanInstalmentsTable>, 'due_on' | 'amount_minor'>;

/** A promise as the agent sees it: OPEN until the sweep has found it kept or broken. */
export function promiseView(row: Selectable<PromisesToPayTable>) {
  return {
    id: row.id,
    caseId: row.case_id,
    amount: Money.of(row.amount_minor, row.currency),
    payBy: row.pay_by,
    invoiceIds: row.invoice_ids,
    status: row.outcome ?? ('OPEN' as const),
  };
}

export function planViewOf(plan: Selectable<PaymentPlansTable>, instalments: InstalmentRow[]) {
  return {
    id: plan.id,
    caseId: plan.case_id,
    clientId: plan.client_id,
    status: plan.status,
    total: Money.of(plan.total_minor, plan.currency),
    interest: Money.of(plan.interest_minor, plan.currency),
    graceDays: plan.grace_days,
    isCredit: plan.is_credit,
    invoiceIds: plan.invoice_ids,
    instalments: instalments.map((i) => ({
      dueOn: i.due_on,
      amount: Money.of(i.amount_minor, plan.currency),
    })),
  };
}

export function disputeViewOf(row: Selectable<DisputesTable>) {
  return {
    id: row.id,
    caseId: row.case_id,
    invoiceId: row.invoice_id,
    lineId: row.line_id,
    amount: Money.of(row.amount_minor, row.currency),
    reason: row.reason,
    owner: row.owner_user_id,
    deadline: row.deadline,
    status: row.status,
    credited: row.credited_minor === null ? null : Money.of(row.credited_minor, row.currency),
  };
}

export interface ClientArrangements {
  promises: ReturnType<typeof promiseView>[];
  plans: ReturnType<typeof planViewOf>[];
  disputes: ReturnType<typeof disputeViewOf>[];
}

function arrangementsOf(map: Map<string, ClientArrangements>, clientId: string) {
  let found = map.get(clientId);
  if (found === undefined) {
    found = { promises: [], plans: [], disputes: [] };
    map.set(clientId, found);
  }
  return found;
}

/** Every promise, plan and dispute of many clients, oldest first, in four queries. */
export async function arrangementsOfClients(
  scope: CollectionsScope,
  clientIds: readonly string[],
): Promise<Map<string, ClientArrangements>> {
  allow(scope.caller, COLLECTIONS_READERS);
  const byClient = new Map<string, ClientArrangements>();
  if (clientIds.length === 0) return byClient;
  const ids = [...clientIds];
  await inFirm(scope.db, scope.caller, async (tx: Tx) => {
    const [promises, plans, instalments, disputes] = await Promise.all([
      tx
        .selectFrom('promises_to_pay')
        .selectAll()
        .where('client_id', 'in', ids)
        .orderBy('made_at')
        .execute(),
      tx
        .selectFrom('payment_plans')
        .selectAll()
        .where('client_id', 'in', ids)
        .orderBy('proposed_at')
        .execute(),
      tx
        .selectFrom('plan_instalments as i')
        .innerJoin('payment_plans as p', 'p.id', 'i.plan_id')
        .select(['i.plan_id', 'i.due_on', 'i.amount_minor'])
        .where('p.client_id', 'in', ids)
        .orderBy('i.plan_id')
        .orderBy('i.seq')
        .execute(),
      tx
        .selectFrom('disputes')
        .selectAll()
        .where('client_id', 'in', ids)
        .orderBy('opened_at')
        .execute(),
    ]);
    const instalmentsOf = new Map<string, InstalmentRow[]>();
    for (const row of instalments) {
      const list = instalmentsOf.get(row.plan_id) ?? [];
      list.push(row);
      instalmentsOf.set(row.plan_id, list);
    }
    for (const row of promises)
      arrangementsOf(byClient, row.client_id).promises.push(promiseView(row));
    for (const row of plans) {
      arrangementsOf(byClient, row.client_id).plans.push(
        planViewOf(row, instalmentsOf.get(row.id) ?? []),
      );
    }
    for (const row of disputes)
      arrangementsOf(byClient, row.client_id).disputes.push(disputeViewOf(row));
  });
  return byClient;
}
