import { sql, type Transaction } from 'kysely';
import type { CaseFacts } from '../../domain/collection-state';
import { PAID_KINDS, type CollectionsDatabase } from '../../db/schema';

type Tx = Transaction<CollectionsDatabase>;

type ArrangementFacts = Pick<
  CaseFacts,
  | 'payments'
  | 'promises'
  | 'plans'
  | 'disputes'
  | 'awaitedCredits'
  | 'creditNotes'
  | 'optedOutChannels'
  | 'withAgency'
>;

/**
 * A client's promises, accepted plans with their instalments, open disputes and those decided
 * with a credit, opt-outs and agency hand-off; billing's payments into its invoices only when a
 * promise or plan needs them, its credit notes only on invoices with a dispute decided for it.
 */
export async function loadArrangements(tx: Tx, clientId: string): Promise<ArrangementFacts> {
  return (await loadArrangementsOf(tx, [clientId])).get(clientId)!;
}

/** loadArrangements for many clients at once, one query per table; every client is in the map. */
export async function loadArrangementsOf(
  tx: Tx,
  clientIds: readonly string[],
): Promise<Map<string, ArrangementFacts>> {
  const [promiseRows, planRows, disputeRows, optOutRows, handoffRows] = await Promise.all([
    tx
      .selectFrom('promises_to_pay')
      .select(['client_id', 'id', 'invoice_ids', 'amount_minor', 'made_on', 'pay_by'])
      .where('client_id', 'in', clientIds)
      .execute(),
    tx
      .selectFrom('payment_plans as p')
      .innerJoin('plan_instalments as i', 'i.plan_id', 'p.id')
      .select([
        'p.client_id',
        'p.id',
        'p.invoice_ids',
        'p.started_on',
        'p.grace_days',
        'i.seq',
        'i.due_on',
        'i.amount_minor',
        'i.reminded_at',
      ])
      .where('p.client_id', 'in', clientIds)
      .where('p.status', 'in', ['ACTIVE', 'DEFAULTED', 'COMPLETED'])
      .orderBy('p.id')
      .orderBy('i.seq')
      .execute(),
    tx
      .selectFrom('disputes as d')
      .leftJoin('firms as f', 'f.firm_id', 'd.firm_id')
      .select([
        'd.client_id',
        'd.id',
        'd.invoice_id',
        'd.amount_minor',
        'd.status',
        'd.credited_minor',
        'd.deadline',
        'd.owner_reminded_at',
        // Billing dates its credit note in the firm's time zone.
        sql<
          string | null
        >`(d.resolved_at at time zone coalesce(f.time_zone, 'UTC'))::date::text`.as('decided_on'),
      ])
      .where('d.client_id', 'in', clientIds)
      .where((eb) => eb.or([eb('d.status', '=', 'OPEN'), eb('d.credited_minor', '>', 0n)]))
      .execute(),
    tx
      .selectFrom('channel_opt_outs')
      .select(['client_id', 'channel'])
      .where('client_id', 'in', clientIds)
      .execute(),
    // Only the open case's: a case settled while with the agency does not hold the next one.
    tx
      .selectFrom('agency_handoffs as h')
      .innerJoin('collection_cases as c', 'c.id', 'h.case_id')
      .select('h.client_id')
      .where('h.client_id', 'in', clientIds)
      .where('h.recalled_at', 'is', null)
      .where('c.status', '<>', 'CLOSED')
      .execute(),
  ]);
  const credited = disputeRows.filter((row) => row.status !== 'OPEN');
  const creditNoteRows =
    credited.length === 0
      ? []
      : await tx
          .selectFrom('invoice_movements')
          .select(['invoice_id', 'on_date', 'amount_minor'])
          .where('invoice_id', 'in', [...new Set(credited.map((row) => row.invoice_id))])
          .where('kind', '=', 'CREDIT_NOTE')
          .execute();
  const paying = [...new Set([...promiseRows, ...planRows].map((row) => row.client_id))];
  const paymentRows =
    paying.length === 0
      ? []
      : await tx
          .selectFrom('invoice_movements as m')
          .innerJoin('invoices as i', (join) =>
            join.onRef('i.firm_id', '=', 'm.firm_id').onRef('i.invoice_id', '=', 'm.invoice_id'),
          )
          .select(['i.client_id', 'm.invoice_id', 'm.on_date', 'm.amount_minor'])
          .where('i.client_id', 'in', paying)
          .where('m.kind', 'in', PAID_KINDS)
          .execute();
  const rowsOf = <Row extends { client_id: string }>(rows: Row[], clientId: string) =>
    rows.filter((row) => row.client_id === clientId);
  const facts = new Map<string, ArrangementFacts>();
  for (const clientId of clientIds) {
    facts.set(clientId, arrangementFacts(clientId));
  }
  return facts;

  function arrangementFacts(clientId: string): ArrangementFacts {
    const disputes = rowsOf(disputeRows, clientId);
    const planFacts = new Map<string, CaseFacts['plans'][number]>();
    for (const row of rowsOf(planRows, clientId)) {
      const plan = planFacts.get(row.id) ?? {
        planId: row.id,
        invoiceIds: row.invoice_ids,
        startedOn: row.started_on!,
        graceDays: row.grace_days,
        instalments: [],
        remindedSeqs: [],
      };
      plan.instalments.push({ dueOn: row.due_on, amountMinor: row.amount_minor });
      if (row.reminded_at !== null) plan.remindedSeqs.push(row.seq);
      planFacts.set(row.id, plan);
    }
    const open = disputes.filter((row) => row.status === 'OPEN');
    const creditedInvoices = new Set(
      disputes.filter((row) => row.status !== 'OPEN').map((row) => row.invoice_id),
    );
    return {
      payments: rowsOf(paymentRows, clientId).map((row) => ({
        invoiceId: row.invoice_id,
        on: row.on_date,
        paidMinor: -row.amount_minor,
      })),
      promises: rowsOf(promiseRows, clientId).map((row) => ({
        promiseId: row.id,
        invoiceIds: row.invoice_ids,
        amountMinor: row.amount_minor,
        madeOn: row.made_on,
        payBy: row.pay_by,
      })),
      plans: [...planFacts.values()],
      disputes: open.map((row) => ({
        disputeId: row.id,
        invoiceId: row.invoice_id,
        amountMinor: row.amount_minor,
        deadline: row.deadline,
        ownerReminded: row.owner_reminded_at !== null,
      })),
      awaitedCredits: disputes
        .filter((row) => row.status !== 'OPEN')
        .map((row) => ({
          disputeId: row.id,
          invoiceId: row.invoice_id,
          creditMinor: row.credited_minor!,
          decidedOn: row.decided_on!,
        })),
      // A credit note takes off the open amount: negative in the replica.
      creditNotes: creditNoteRows
        .filter((row) => creditedInvoices.has(row.invoice_id))
        .map((row) => ({
          invoiceId: row.invoice_id,
          on: row.on_date,
          creditedMinor: -row.amount_minor,
        })),
      optedOutChannels: rowsOf(optOutRows, clientId).map((row) => row.channel),
      withAgency: handoffRows.some((row) => row.client_id === clientId),
    };
  }
}
