import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** Imported bank statement lines, reconciliations and the matches between lines and entries. */
export const reconciliation: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table bank_statements (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      format text not null,
      file_name text not null,
      closing_balance_minor bigint,
      line_count int not null,
      duplicate_count int not null,
      imported_by text not null,
      imported_at timestamptz not null default now()
    )`.execute(db);
    // The bank's own reference makes a line unique: the same line in two files is imported once.
    await sql`create table bank_statement_lines (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      statement_id uuid not null references bank_statements (id),
      bank_reference text not null,
      posted_on date not null,
      amount_minor bigint not null,
      description text not null,
      check_number text,
      unique (trust_account_id, bank_reference)
    )`.execute(db);
    await sql`create index statement_lines_by_date on bank_statement_lines (trust_account_id, posted_on)`.execute(
      db,
    );
    await sql`create table reconciliations (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      period_end date not null,
      statement_balance_minor bigint not null,
      status text not null check (status in ('IN_PROGRESS', 'SIGNED_OFF')),
      started_by text not null,
      started_at timestamptz not null default now(),
      signed_off_by text,
      signed_off_at timestamptz,
      report jsonb
    )`.execute(db);
    await sql`create unique index one_open_reconciliation on reconciliations (trust_account_id)
      where status = 'IN_PROGRESS'`.execute(db);
    // A line and an entry are each matched at most once, across reconciliations.
    await sql`create table reconciliation_matches (
      firm_id uuid not null,
      reconciliation_id uuid not null references reconciliations (id),
      statement_line_id uuid not null unique references bank_statement_lines (id),
      entry_id uuid not null unique references journal_entries (id),
      matched_by text not null check (matched_by in ('AUTO', 'MANUAL'))
    )`.execute(db);
    for (const table of [
      'bank_statements',
      'bank_statement_lines',
      'reconciliations',
      'reconciliation_matches',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
