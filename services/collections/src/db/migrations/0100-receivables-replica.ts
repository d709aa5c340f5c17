import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * Billing's receivables as facts: firms, clients, matters, invoices, every movement of an
 * invoice's open amount, and the open amount as a dated history of ranges (one row per period
 * with the same open amount), so aging as of any date is one range lookup per invoice. Plus
 * unbilled work (for lockup) and what billing itself stated the open amounts were.
 */
export const receivablesReplica: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table firms (
      firm_id uuid primary key,
      time_zone text not null,
      default_currency char(3) not null,
      working_days text[] not null,
      country char(2),
      region text
    )`.execute(db);
    await sql`create table clients (
      firm_id uuid not null,
      client_id uuid not null,
      display_name text not null,
      currency char(3) not null,
      time_zone text not null,
      billing_email text,
      phone text,
      postal_address jsonb,
      region text,
      consent_email boolean not null default false,
      consent_sms boolean not null default false,
      consent_post boolean not null default false,
      language text,
      do_not_contact boolean not null default false,
      primary key (firm_id, client_id)
    )`.execute(db);
    // Credit-assessment's grade per client (its events may come before billing's client).
    await sql`create table credit_grades (
      firm_id uuid not null,
      client_id uuid not null,
      grade char(1) check (grade in ('A', 'B', 'C', 'D', 'E')),
      as_of date not null,
      primary key (firm_id, client_id)
    )`.execute(db);
    await sql`create table matters (
      firm_id uuid not null,
      matter_id uuid not null,
      client_id uuid not null,
      matter_number text not null,
      description text not null,
      currency char(3) not null,
      responsible_partner_id uuid,
      practice_area_id uuid,
      practice_area text,
      closed_on date,
      primary key (firm_id, matter_id)
    )`.execute(db);
    await sql`create table invoices (
      firm_id uuid not null,
      invoice_id uuid not null,
      invoice_number text not null,
      client_id uuid not null,
      matter_id uuid not null,
      currency char(3) not null,
      invoice_date date not null,
      due_date date not null,
      total_minor bigint not null,
      open_minor bigint not null,
      voided_on date,
      primary key (firm_id, invoice_id)
    )`.execute(db);
    await sql`create index invoices_open_by_client on invoices (firm_id, client_id)
      where open_minor > 0`.execute(db);
    await sql`create index invoices_by_date on invoices (firm_id, invoice_date)
      include (currency, total_minor)`.execute(db);
    // What moved an invoice's open amount and on which business date (signed: + owed, - settled).
    await sql`create table invoice_movements (
      firm_id uuid not null,
      invoice_id uuid not null,
      source_id text not null,
      kind text not null check (kind in ('ISSUED', 'PAYMENT', 'PAYMENT_REVERSED', 'CREDIT_NOTE',
        'CLIENT_CREDIT', 'LATE_FEE', 'WRITE_OFF', 'VOID')),
      on_date date not null,
      amount_minor bigint not null,
      currency char(3) not null,
      primary key (firm_id, invoice_id, kind, source_id)
    )`.execute(db);
    await sql`create index invoice_movements_by_date on invoice_movements (firm_id, on_date)
      include (kind, amount_minor, currency)`.execute(db);
    // The open amount from valid_from up to (not including) valid_to; 'infinity' while current.
    await sql`create table open_amount_history (
      firm_id uuid not null,
      invoice_id uuid not null,
      valid_from date not null,
      valid_to date not null,
      open_minor bigint not null,
      currency char(3) not null,
      due_date date not null,
      client_id uuid not null,
      matter_id uuid not null,
      primary key (firm_id, invoice_id, valid_from)
    )`.execute(db);
    // Aging as of D reads the ranges that contain D: valid_to > D narrows to few rows for a
    // recent D, and the columns aging groups by are in the index (index-only scans).
    await sql`create index open_amount_history_as_of on open_amount_history
      (firm_id, valid_to, valid_from)
      include (open_minor, currency, due_date, client_id, matter_id)
      where open_minor <> 0`.execute(db);
    // Billing's own word on an invoice's open amount, beside what the replica had at that moment.
    await sql`create table stated_open_amounts (
      firm_id uuid not null,
      event_id uuid not null,
      invoice_id uuid not null,
      event_type text not null,
      stated_open_minor bigint not null,
      replica_open_minor bigint not null,
      currency char(3) not null,
      stated_at timestamptz not null,
      primary key (firm_id, event_id, invoice_id)
    )`.execute(db);
    // Unbilled time and expenses: recorded until billed (by an invoice), deleted, or billed again.
    await sql`create table unbilled_work (
      firm_id uuid not null,
      work_id uuid not null,
      kind text not null check (kind in ('TIME', 'EXPENSE')),
      client_id uuid not null,
      matter_id uuid not null,
      amount_minor bigint not null,
      currency char(3) not null,
      billable boolean not null,
      recorded_on date not null,
      billed_on date,
      deleted_on date,
      primary key (firm_id, work_id)
    )`.execute(db);
    // firms is not isolated: the sweep lists the firms to run for (it holds no personal data).
    for (const table of [
      'clients',
      'credit_grades',
      'matters',
      'invoices',
      'invoice_movements',
      'open_amount_history',
      'stated_open_amounts',
      'unbilled_work',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
