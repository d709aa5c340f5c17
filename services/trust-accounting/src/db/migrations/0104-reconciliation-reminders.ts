import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * The daily job's inputs and memory: which firms hold trust accounts (not tenant-isolated, since
 * the job must list the firms before it can bind to one; it holds nothing but their ids), and
 * which month ends it already reported as due, so each is reported once.
 */
export const reconciliationReminders: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table trust_firms (firm_id uuid primary key)`.execute(db);
    await sql`insert into trust_firms select distinct firm_id from trust_accounts`.execute(db);
    await sql`create table reconciliation_reminders (
      firm_id uuid not null,
      trust_account_id uuid not null references trust_accounts (id),
      period_end date not null,
      reminded_at timestamptz not null default now(),
      primary key (trust_account_id, period_end)
    )`.execute(db);
    await enableTenantIsolation(db, 'reconciliation_reminders');
  },
};
