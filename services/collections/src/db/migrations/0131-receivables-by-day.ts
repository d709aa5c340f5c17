import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * Fills the day totals from the replica's rows, as the replica keeps them: the invoices' totals
 * on their dates, the payments net of reversals on theirs, and each open-amount range added on
 * its first day and taken off on the day it ends. For the migration and for bulk-filled copies.
 */
export async function fillReceivablesByDay(db: QueryExecutorProvider): Promise<void> {
  await sql`insert into receivables_by_day (firm_id, currency, on_date, billed_minor,
      collected_minor, ar_change_minor)
    select firm_id, currency, on_date, sum(billed), sum(collected), sum(ar_change)
    from (
      select firm_id, currency, invoice_date as on_date, total_minor as billed,
        0::bigint as collected, 0::bigint as ar_change
      from invoices
      union all
      select firm_id, currency, on_date, 0, -amount_minor, 0 from invoice_movements
      where kind in ('PAYMENT', 'CLIENT_CREDIT', 'PAYMENT_REVERSED')
      union all
      select firm_id, currency, valid_from, 0, 0, open_minor from open_amount_history
      where open_minor <> 0
      union all
      select firm_id, currency, valid_to, 0, 0, -open_minor from open_amount_history
      where open_minor <> 0 and valid_to <> 'infinity'
    ) facts
    group by firm_id, currency, on_date`.execute(db);
}

/**
 * The firm's KPIs read days, not every movement: per firm, currency and business date, the
 * invoices issued (credit notes not netted), the payments and applied credit net of reversals,
 * and the change in open AR at the day's end (so AR at a date is the sum of the days up to it).
 * The replica keeps them in the transaction of each fact it applies. The current AR of a date
 * reads the ranges not yet due, found by due date.
 */
export const receivablesByDay: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table receivables_by_day (
      firm_id uuid not null,
      currency char(3) not null,
      on_date date not null,
      billed_minor bigint not null,
      collected_minor bigint not null,
      ar_change_minor bigint not null,
      primary key (firm_id, currency, on_date)
    )`.execute(db);
    await enableTenantIsolation(db, 'receivables_by_day');
    await sql`create index open_amount_history_by_due on open_amount_history (firm_id, due_date)
      include (valid_from, valid_to, open_minor, currency)
      where open_minor <> 0`.execute(db);
    await fillReceivablesByDay(db);
  },
};
