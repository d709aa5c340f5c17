import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * A firm's day may have several rows of totals, summed when read. Every applying transaction of
 * the replica adds to the same few days (today's invoices, today's payments), and with one row a
 * day each waited for the previous one's commit to take that row's lock: the partitions applied
 * one after another. Now a transaction adds to a row of the day that no other is adding to, or
 * to a new one (`DayChanges.save`), so a day has about as many rows as transactions ever added
 * to it at once.
 */
export const dayTotalsSideBySide: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table receivables_by_day drop constraint receivables_by_day_pkey`.execute(db);
    await sql`alter table receivables_by_day
      add column id bigint generated always as identity primary key`.execute(db);
    await sql`create index receivables_by_day_by_date
      on receivables_by_day (firm_id, currency, on_date)`.execute(db);
  },
};
