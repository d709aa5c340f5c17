import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

const firmTables = [
  'clients',
  'matters',
  'timekeepers',
  'timekeeper_rates',
  'time_entries',
  'expenses',
  'invoice_counters',
  'invoices',
  'invoice_lines',
  'credit_notes',
  'write_offs',
  'payments',
  'payment_allocations',
];

/** Billing's tables. Money is bigint minor units; hours are integer tenths; rates are ppm. */
export const billingSchema: Migration = {
  async up(db: Kysely<unknown>) {
    // The tenant directory: only firm ids and their time zone, read by the daily job to visit each
    // firm. It is the one table without row-level security, because it is the list of tenants.
    await sql`create table firms (
      firm_id uuid primary key,
      time_zone text not null default 'UTC'
    )`.execute(db);

    await sql`create table clients (
      id uuid primary key,
      firm_id uuid not null,
      display_name text not null,
      kind text not null check (kind in ('PERSON', 'ORGANISATION')),
      billing_contact_name text,
      billing_email text,
      time_zone text not null,
      currency char(3) not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index clients_by_name on clients (firm_id, display_name, id)`.execute(db);

    await sql`create table matters (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      matter_number text not null,
      description text not null,
      responsible_partner text not null,
      practice_area text not null,
      billing_arrangement text not null
        check (billing_arrangement in ('HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID')),
      currency char(3) not null,
      payment_terms_days int not null check (payment_terms_days >= 0),
      flat_fee_minor bigint check (flat_fee_minor > 0),
      contingency_rate_ppm int check (contingency_rate_ppm between 1 and 1000000),
      tax_rate_ppm int not null default 0 check (tax_rate_ppm between 0 and 1000000),
      late_fee_kind text not null default 'NONE'
        check (late_fee_kind in ('NONE', 'SIMPLE_INTEREST', 'FLAT')),
      late_fee_annual_rate_ppm int not null default 0 check (late_fee_annual_rate_ppm >= 0),
      late_fee_flat_minor bigint not null default 0 check (late_fee_flat_minor >= 0),
      late_fee_grace_days int not null default 0 check (late_fee_grace_days >= 0),
      evergreen_retainer_minimum_minor bigint check (evergreen_retainer_minimum_minor >= 0),
      status text not null default 'OPEN' check (status in ('OPEN', 'ON_HOLD', 'CLOSED')),
      credit_hold_reason text,
      opened_on date not null,
      closed_on date,
      unique (firm_id, matter_number)
    )`.execute(db);
    await sql`create index matters_by_client on matters (firm_id, client_id)`.execute(db);

    await sql`create table timekeepers (
      id uuid primary key,
      firm_id uuid not null,
      name text not null,
      classification text not null
    )`.execute(db);

    await sql`create table timekeeper_rates (
      id uuid primary key,
      firm_id uuid not null,
      timekeeper_id uuid not null references timekeepers (id),
      client_id uuid references clients (id),
      matter_id uuid references matters (id),
      effective_from date not null,
      rate_minor bigint not null check (rate_minor >= 0),
      currency char(3) not null,
      check (client_id is null or matter_id is null)
    )`.execute(db);
    await sql`create unique index timekeeper_rates_unique on timekeeper_rates
      (firm_id, timekeeper_id, coalesce(client_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(matter_id, '00000000-0000-0000-0000-000000000000'), effective_from)`.execute(db);

    await sql`create table invoice_counters (
      firm_id uuid primary key,
      last_invoice_sequence bigint not null default 0,
      last_credit_note_sequence bigint not null default 0
    )`.execute(db);

    await sql`create table invoices (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      matter_id uuid not null references matters (id),
      status text not null
        check (status in ('DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID', 'WRITTEN_OFF')),
      invoice_number text,
      period_start date not null,
      period_end date not null,
      invoice_date date,
      due_date date,
      payment_terms_days int not null,
      currency char(3) not null,
      tax_rate_ppm int not null,
      total_minor bigint not null default 0,
      paid_minor bigint not null default 0,
      credited_minor bigint not null default 0,
      written_off_minor bigint not null default 0,
      late_fees_minor bigint not null default 0,
      open_minor bigint generated always as
        (total_minor - paid_minor - credited_minor - written_off_minor) stored,
      late_fees_assessed_through date,
      overdue_reported_on date,
      issued_at timestamptz,
      voided_at timestamptz,
      void_reason text,
      created_at timestamptz not null default now(),
      check (total_minor - paid_minor - credited_minor - written_off_minor >= 0
             or status in ('DRAFT', 'VOID')),
      unique (firm_id, invoice_number)
    )`.execute(db);
    await sql`create index invoices_by_matter on invoices (firm_id, matter_id, created_at)`.execute(
      db,
    );
    // Receivables, allocation and the daily job read only open invoices, oldest due date first.
    await sql`create index invoices_open_by_due_date on invoices
      (firm_id, due_date, id) include (client_id, open_minor, invoice_date)
      where status in ('ISSUED', 'PARTIALLY_PAID')`.execute(db);
    await sql`create index invoices_by_client on invoices (firm_id, client_id, invoice_date)`.execute(
      db,
    );

    await sql`create table time_entries (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      matter_id uuid not null references matters (id),
      timekeeper_id uuid not null references timekeepers (id),
      work_date date not null,
      tenths int not null check (tenths > 0),
      rate_minor bigint not null,
      amount_minor bigint not null,
      currency char(3) not null,
      task_code text,
      activity_code text,
      narrative text not null,
      billable boolean not null,
      invoice_id uuid references invoices (id),
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index time_entries_unbilled on time_entries (firm_id, matter_id, work_date)
      where invoice_id is null`.execute(db);
    await sql`create index time_entries_by_invoice on time_entries (invoice_id)
      where invoice_id is not null`.execute(db);

    await sql`create table expenses (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      matter_id uuid not null references matters (id),
      incurred_on date not null,
      expense_code text not null,
      description text not null,
      quantity int not null check (quantity > 0),
      unit_cost_minor bigint not null check (unit_cost_minor >= 0),
      amount_minor bigint not null,
      currency char(3) not null,
      billable boolean not null,
      invoice_id uuid references invoices (id),
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index expenses_unbilled on expenses (firm_id, matter_id, incurred_on)
      where invoice_id is null`.execute(db);
    await sql`create index expenses_by_invoice on expenses (invoice_id)
      where invoice_id is not null`.execute(db);

    await sql`create table invoice_lines (
      id uuid primary key,
      firm_id uuid not null,
      invoice_id uuid not null references invoices (id),
      line_number int not null,
      kind text not null
        check (kind in ('FEE', 'EXPENSE', 'FLAT_FEE', 'CONTINGENCY_FEE', 'TAX', 'LATE_FEE')),
      line_date date not null,
      description text not null,
      units_tenths int not null,
      unit_cost_minor bigint not null,
      base_minor bigint not null,
      adjustment_minor bigint not null default 0,
      adjustment_reason text,
      amount_minor bigint generated always as (base_minor + adjustment_minor) stored,
      task_code text,
      activity_code text,
      expense_code text,
      timekeeper_id uuid references timekeepers (id),
      time_entry_id uuid references time_entries (id),
      expense_id uuid references expenses (id),
      unique (invoice_id, line_number)
    )`.execute(db);

    await sql`create table credit_notes (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      invoice_id uuid not null references invoices (id),
      credit_note_number text not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      reason text not null,
      issued_on date not null,
      created_at timestamptz not null default now(),
      unique (firm_id, credit_note_number)
    )`.execute(db);
    await sql`create index credit_notes_by_client on credit_notes (firm_id, client_id, issued_on)`.execute(
      db,
    );

    await sql`create table write_offs (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      invoice_id uuid not null references invoices (id),
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      reason text not null,
      approved_by text not null,
      written_off_on date not null,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index write_offs_by_client on write_offs (firm_id, client_id, written_off_on)`.execute(
      db,
    );

    await sql`create table payments (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      method text not null check (method in ('CARD', 'ACH', 'CHECK', 'WIRE', 'TRUST')),
      amount_minor bigint not null check (amount_minor > 0),
      unapplied_minor bigint not null check (unapplied_minor >= 0),
      currency char(3) not null,
      received_on date not null,
      reference text,
      status text not null default 'RECORDED' check (status in ('RECORDED', 'REVERSED')),
      reversed_on date,
      reversal_reason text,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index payments_by_client on payments (firm_id, client_id, received_on)`.execute(
      db,
    );

    await sql`create table payment_allocations (
      id uuid primary key,
      firm_id uuid not null,
      payment_id uuid not null references payments (id),
      invoice_id uuid not null references invoices (id),
      amount_minor bigint not null check (amount_minor > 0),
      applied_on date not null,
      reversed boolean not null default false
    )`.execute(db);
    await sql`create index payment_allocations_by_payment on payment_allocations (payment_id)`.execute(
      db,
    );
    await sql`create index payment_allocations_by_invoice on payment_allocations (invoice_id)`.execute(
      db,
    );

    for (const table of firmTables) await enableTenantIsolation(db, table);
  },
};
