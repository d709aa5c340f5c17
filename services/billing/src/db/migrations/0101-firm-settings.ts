import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * A firm's settings, and the business date its daily run last covered. The time zone and that
 * date stay in the tenant directory (`firms`, no RLS), because the sweep reads them for every firm
 * before it acts as one; the rest is the firm's own and isolated like any firm table.
 */
export const firmSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table firms add column daily_run_on date`.execute(db);

    await sql`create table firm_settings (
      firm_id uuid primary key,
      default_currency char(3) not null,
      working_days text[] not null check (
        cardinality(working_days) between 1 and 7
        and working_days <@ array['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY',
          'SATURDAY', 'SUNDAY']
      ),
      country char(2),
      region text check (region is null or (country is not null and region like country || '-%')),
      updated_at timestamptz not null default now()
    )`.execute(db);
    await enableTenantIsolation(db, 'firm_settings');
  },
};
