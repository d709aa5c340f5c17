import { sql, type Transaction } from 'kysely';
import { openAmountRanges } from '../domain/open-amounts';
import type { CollectionsDatabase, MovementKind } from '../db/schema';

type Tx = Transaction<CollectionsDatabase>;

export interface Movement {
  invoiceId: string;
  sourceId: string;
  kind: MovementKind;
  onDate: string;
  amountMinor: bigint;
  currency: string;
}

/**
 * Records movements of invoices' open amounts (a redelivered one is already there) and rebuilds
 * each touched invoice's dated history and current open amount from all its movements, so a
 * back-dated fact (a reversal, a credit note) corrects the past too. Returns the clients touched.
 */
export async function recordMovements(
  tx: Tx,
  firmId: string,
  movements: readonly Movement[],
): Promise<string[]> {
  if (movements.length === 0) return [];
  await tx
    .insertInto('invoice_movements')
    .values(
      movements.map((movement) => ({
        firm_id: firmId,
        invoice_id: movement.invoiceId,
        source_id: movement.sourceId,
        kind: movement.kind,
        on_date: movement.onDate,
        amount_minor: movement.amountMinor,
        currency: movement.currency,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['firm_id', 'invoice_id', 'kind', 'source_id']).doNothing(),
    )
    .execute();
  return rebuildOpenAmounts(tx, firmId, [...new Set(movements.map((m) => m.invoiceId))]);
}

export async function rebuildOpenAmounts(
  tx: Tx,
  firmId: string,
  invoiceIds: readonly string[],
): Promise<string[]> {
  const invoices = await tx
    .selectFrom('invoices')
    .select(['invoice_id', 'client_id', 'matter_id', 'currency', 'due_date'])
    .where('invoice_id', 'in', invoiceIds)
    .forUpdate()
    .execute();
  if (invoices.length === 0) return [];
  const ids = invoices.map((invoice) => invoice.invoice_id);
  const movements = await tx
    .selectFrom('invoice_movements')
    .select(['invoice_id', 'kind', 'on_date', 'amount_minor'])
    .where('invoice_id', 'in', ids)
    .execute();
  await tx.deleteFrom('open_amount_history').where('invoice_id', 'in', ids).execute();
  const rows = invoices.flatMap((invoice) => {
    const ranges = openAmountRanges(
      movements
        .filter((movement) => movement.invoice_id === invoice.invoice_id)
        .map((movement) => ({
          kind: movement.kind,
          onDate: movement.on_date,
          amountMinor: movement.amount_minor,
        })),
    );
    return ranges.map((range) => ({
      firm_id: firmId,
      invoice_id: invoice.invoice_id,
      valid_from: range.validFrom,
      valid_to: range.validTo ?? 'infinity',
      open_minor: range.openMinor,
      currency: invoice.currency,
      due_date: invoice.due_date,
      client_id: invoice.client_id,
      matter_id: invoice.matter_id,
    }));
  });
  if (rows.length > 0) await tx.insertInto('open_amount_history').values(rows).execute();
  // One statement for all of them: a batch of events rebuilds many invoices at once.
  const openNow = invoices.map((invoice) => {
    const current = rows.find(
      (row) => row.invoice_id === invoice.invoice_id && row.valid_to === 'infinity',
    );
    return sql`(${invoice.invoice_id}::uuid, ${current?.open_minor ?? 0n}::bigint)`;
  });
  await sql`update invoices set open_minor = now_open.open_minor
    from (values ${sql.join(openNow)}) as now_open (invoice_id, open_minor)
    where invoices.firm_id = ${firmId}::uuid and invoices.invoice_id = now_open.invoice_id`.execute(
    tx,
  );
  return [...new Set(invoices.map((invoice) => invoice.client_id))];
}

/** Billing's own statement of an invoice's open amount, kept beside the replica's. */
export async function recordStatedOpenAmount(
  tx: Tx,
  firmId: string,
  statement: { eventId: string; eventType: string; invoiceId: string; statedAt: Date },
  stated: { amountMinor: bigint; currency: string },
): Promise<void> {
  const invoice = await tx
    .selectFrom('invoices')
    .select('open_minor')
    .where('invoice_id', '=', statement.invoiceId)
    .executeTakeFirst();
  await tx
    .insertInto('stated_open_amounts')
    .values({
      firm_id: firmId,
      event_id: statement.eventId,
      invoice_id: statement.invoiceId,
      event_type: statement.eventType,
      stated_open_minor: stated.amountMinor,
      replica_open_minor: invoice?.open_minor ?? 0n,
      currency: stated.currency,
      stated_at: statement.statedAt,
    })
    .onConflict((conflict) => conflict.columns(['firm_id', 'event_id', 'invoice_id']).doNothing())
    .execute();
}

/** Asks the sweep to look at these clients again: their facts changed. */
export async function putOnAgenda(
  tx: Tx,
  firmId: string,
  clientIds: readonly string[],
  at: Date,
): Promise<void> {
  if (clientIds.length === 0) return;
  await tx
    .insertInto('collection_agenda')
    .values(clientIds.map((clientId) => ({ firm_id: firmId, client_id: clientId, due_at: at })))
    .onConflict((conflict) =>
      conflict
        .columns(['firm_id', 'client_id'])
        .doUpdateSet({ due_at: sql<Date>`least(collection_agenda.due_at, excluded.due_at)` }),
    )
    .execute();
}
