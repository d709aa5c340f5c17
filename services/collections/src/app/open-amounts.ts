import { sql, type Transaction } from 'kysely';
import { sendWithNext } from '@lexfin/persistence';
import { openAmountRanges } from '../domain/open-amounts';
import { PAID_KINDS, type CollectionsDatabase, type MovementKind } from '../db/schema';

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
  const recorded = await tx
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
    // a redelivered movement is not returned: it was counted in its day when first recorded
    .returning(['kind', 'on_date', 'amount_minor', 'currency'])
    .execute();
  const days = new DayChanges();
  for (const movement of recorded) {
    if (movement.kind === 'ISSUED') {
      days.add(movement.currency, movement.on_date, { billed: movement.amount_minor });
    } else if ((PAID_KINDS as readonly MovementKind[]).includes(movement.kind)) {
      days.add(movement.currency, movement.on_date, { collected: -movement.amount_minor });
    }
  }
  const invoiceIds = [...new Set(movements.map((m) => m.invoiceId))];
  const clients = await rebuildOpenAmounts(tx, firmId, invoiceIds, days);
  await days.save(tx, firmId);
  return clients;
}

interface DayChange {
  currency: string;
  onDate: string;
  billed: bigint;
  collected: bigint;
  arChange: bigint;
}

/** What one transaction adds to the firm's day totals (receivables_by_day), per currency and day. */
class DayChanges {
  private readonly days = new Map<string, DayChange>();

  add(
    currency: string,
    onDate: string,
    change: { billed?: bigint; collected?: bigint; arChange?: bigint },
  ): void {
    const key = `${currency}|${onDate}`;
    let day = this.days.get(key);
    if (day === undefined) {
      day = { currency, onDate, billed: 0n, collected: 0n, arChange: 0n };
      this.days.set(key, day);
    }
    day.billed += change.billed ?? 0n;
    day.collected += change.collected ?? 0n;
    day.arChange += change.arChange ?? 0n;
  }

  /** A range of an open amount counts from its first day until the day it ends. */
  addRange(
    range: { currency: string; validFrom: string; validTo: string; openMinor: bigint },
    sign: bigint,
  ): void {
    if (range.openMinor === 0n) return;
    this.add(range.currency, range.validFrom, { arChange: sign * range.openMinor });
    if (range.validTo !== 'infinity') {
      this.add(range.currency, range.validTo, { arChange: -sign * range.openMinor });
    }
  }

  /**
   * One statement. Each day's change goes to a row of that day no other transaction holds now,
   * else to a new row: transactions adding to the same day never wait for each other's commit
   * (they did, one after another, while a day had one row), and a day has no more rows than
   * transactions ever added to it at once. The reads sum a day's rows.
   */
  async save(tx: Tx, firmId: string): Promise<void> {
    const days = [...this.days.values()].filter(
      (day) => day.billed !== 0n || day.collected !== 0n || day.arChange !== 0n,
    );
    if (days.length === 0) return;
    await sendWithNext(
      tx,
      sql`
      with changes as (
        select * from unnest(${days.map((day) => day.currency)}::char(3)[],
          ${days.map((day) => day.onDate)}::date[], ${days.map((day) => day.billed)}::bigint[],
          ${days.map((day) => day.collected)}::bigint[], ${days.map((day) => day.arChange)}::bigint[])
          as change (currency, on_date, billed_minor, collected_minor, ar_change_minor)
      ),
      free as (
        select change.*, (select id from receivables_by_day day
            where day.firm_id = ${firmId}::uuid and day.currency = change.currency
              and day.on_date = change.on_date
            limit 1 for update skip locked) as id
        from changes change
      ),
      added as (
        update receivables_by_day day set
          billed_minor = day.billed_minor + free.billed_minor,
          collected_minor = day.collected_minor + free.collected_minor,
          ar_change_minor = day.ar_change_minor + free.ar_change_minor
        from free where day.id = free.id
      )
      insert into receivables_by_day (firm_id, currency, on_date, billed_minor, collected_minor,
        ar_change_minor)
      select ${firmId}::uuid, currency, on_date, billed_minor, collected_minor, ar_change_minor
      from free where id is null`,
    );
  }
}

/**
 * Rebuilds the invoices' histories from all their movements, adding what changed in open AR to
 * `days`.
 */
async function rebuildOpenAmounts(
  tx: Tx,
  firmId: string,
  invoiceIds: readonly string[],
  days: DayChanges,
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
  const replaced = await tx
    .deleteFrom('open_amount_history')
    .where('invoice_id', 'in', ids)
    .returning(['currency', 'valid_from', 'valid_to', 'open_minor'])
    .execute();
  for (const range of replaced) {
    days.addRange(
      {
        currency: range.currency,
        validFrom: range.valid_from,
        validTo: range.valid_to,
        openMinor: range.open_minor,
      },
      -1n,
    );
  }
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
  for (const row of rows) {
    days.addRange(
      {
        currency: row.currency,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        openMinor: row.open_minor,
      },
      1n,
    );
  }
  if (rows.length > 0) await sendWithNext(tx, tx.insertInto('open_amount_history').values(rows));
  // One statement for all of them: a batch of events rebuilds many invoices at once.
  const openNow = invoices.map((invoice) => {
    const current = rows.find(
      (row) => row.invoice_id === invoice.invoice_id && row.valid_to === 'infinity',
    );
    return sql`(${invoice.invoice_id}::uuid, ${current?.open_minor ?? 0n}::bigint)`;
  });
  await sendWithNext(
    tx,
    sql`update invoices set open_minor = now_open.open_minor
      from (values ${sql.join(openNow)}) as now_open (invoice_id, open_minor)
      where invoices.firm_id = ${firmId}::uuid and invoices.invoice_id = now_open.invoice_id`,
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
  await sendWithNext(
    tx,
    tx
      .insertInto('collection_agenda')
      .values(clientIds.map((clientId) => ({ firm_id: firmId, client_id: clientId, due_at: at })))
      .onConflict((conflict) =>
        conflict
          .columns(['firm_id', 'client_id'])
          .doUpdateSet({ due_at: sql<Date>`least(collection_agenda.due_at, excluded.due_at)` }),
      ),
  );
}
