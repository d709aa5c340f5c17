import type { Transaction } from 'kysely';
import type { CaseFacts } from '../../domain/collection-state';
import type { CollectionsDatabase } from '../../db/schema';

type Tx = Transaction<CollectionsDatabase>;

type ArrangementFacts = Pick<
  CaseFacts,
  'payments' | 'promises' | 'plans' | 'disputes' | 'optedOutChannels' | 'withAgency'
>;

/** Money into an invoice, as the replica records it (taken off the open amount: negative). */
const PAID_KINDS = ['PAYMENT', 'CLIENT_CREDIT', 'PAYMENT_REVERSED'] as const;

/**
 * A client's promises, accepted plans with their instalments, open disputes, opt-outs and agency
 * hand-off, and (only when a promise or plan needs them) billing's payments into its invoices.
 */
export async function loadArrangements(tx: Tx, clientId: string): Promise<ArrangementFacts> {
  const [promises, plans, disputes, optOuts, handoff] = await Promise.all([
    tx
      .selectFrom('promises_to_pay')
      .select(['id', 'invoice_ids', 'amount_minor', 'made_on', 'pay_by'])
      .where('client_id', '=', clientId)
      .execute(),
    tx
      .selectFrom('payment_plans as p')
      .innerJoin('plan_instalments as i', 'i.plan_id', 'p.id')
      .select([
        'p.id',
        'p.invoice_ids',
        'p.started_on',
        'p.grace_days',
        'i.due_on',
        'i.amount_minor',
      ])
      .where('p.client_id', '=', clientId)
      .where('p.status', 'in', ['ACTIVE', 'DEFAULTED', 'COMPLETED'])
      .orderBy('p.id')
      .orderBy('i.seq')
      .execute(),
    tx
      .selectFrom('disputes')
      .select(['id', 'invoice_id', 'amount_minor'])
      .where('client_id', '=', clientId)
      .where('status', '=', 'OPEN')
      .execute(),
    tx.selectFrom('channel_opt_outs').select('channel').where('client_id', '=', clientId).execute(),
    // Only the open case's: a case settled while with the agency does not hold the next one.
    tx
      .selectFrom('agency_handoffs as h')
      .innerJoin('collection_cases as c', 'c.id', 'h.case_id')
      .select('h.id')
      .where('h.client_id', '=', clientId)
      .where('h.recalled_at', 'is', null)
      .where('c.status', '<>', 'CLOSED')
      .executeTakeFirst(),
  ]);
  const planFacts = new Map<string, CaseFacts['plans'][number]>();
  for (const row of plans) {
    const plan = planFacts.get(row.id) ?? {
      planId: row.id,
      invoiceIds: row.invoice_ids,
      startedOn: row.started_on!,
      graceDays: row.grace_days,
      instalments: [],
    };
    plan.instalments.push({ dueOn: row.due_on, amountMinor: row.amount_minor });
    planFacts.set(row.id, plan);
  }
  const payments =
    promises.length === 0 && plans.length === 0
      ? []
      : await tx
          .selectFrom('invoice_movements as m')
          .innerJoin('invoices as i', (join) =>
            join.onRef('i.firm_id', '=', 'm.firm_id').onRef('i.invoice_id', '=', 'm.invoice_id'),
          )
          .select(['m.invoice_id', 'm.on_date', 'm.amount_minor'])
          .where('i.client_id', '=', clientId)
          .where('m.kind', 'in', PAID_KINDS)
          .execute();
  return {
    payments: payments.map((row) => ({
      invoiceId: row.invoice_id,
      on: row.on_date,
      paidMinor: -row.amount_minor,
    })),
    promises: promises.map((row) => ({
      promiseId: row.id,
      invoiceIds: row.invoice_ids,
      amountMinor: row.amount_minor,
      madeOn: row.made_on,
      payBy: row.pay_by,
    })),
    plans: [...planFacts.values()],
    disputes: disputes.map((row) => ({
      disputeId: row.id,
      invoiceId: row.invoice_id,
      amountMinor: row.amount_minor,
    })),
    optedOutChannels: optOuts.map((row) => row.channel),
    withAgency: handoff !== undefined,
  };
}
