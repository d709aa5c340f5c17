import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** Trust accounts, their ledgers and the hash-chained, append-only journal. */
export const ledgers: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table trust_accounts (
      firm_id uuid not null,
      id uuid primary key,
      name text not null,
      kind text not null check (kind in ('IOLTA', 'INTEREST_BEARING')),
      currency text not null,
      bank_name text not null,
      account_last4 text not null check (account_last4 ~ '^[0-9]{4}$'),
      approval_threshold_minor bigint not null check (approval_threshold_minor >= 0),
      immediately_available_methods text[] not null,
      journal_sequence bigint not null default 0,
      journal_head_hash text not null,
      locked_through date,
      opened_by text not null,
      opened_at timestamptz not null default now()
    )`.execute(db);
    // balance_minor: everything posted; uncleared_minor: deposits the bank has not collected yet.
    // Only a returned deposit may take a client-matter ledger below zero (a shortage).
    await sql`create table ledgers (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      kind text not null check (kind in ('CLIENT_MATTER', 'FIRM_FUNDS')),
      client_id uuid,
      matter_id uuid,
      balance_minor bigint not null default 0,
      uncleared_minor bigint not null default 0 check (uncleared_minor >= 0),
      check ((kind = 'FIRM_FUNDS') = (matter_id is null)),
      check ((client_id is null) = (matter_id is null)),
      unique (trust_account_id, matter_id)
    )`.execute(db);
    await sql`create unique index ledgers_one_firm_funds on ledgers (trust_account_id)
      where kind = 'FIRM_FUNDS'`.execute(db);
    await sql`create table journal_entries (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      sequence bigint not null,
      ledger_id uuid not null references ledgers (id),
      client_id uuid,
      matter_id uuid,
      entry_type text not null,
      amount_minor bigint not null check (amount_minor <> 0),
      currency text not null,
      effective_date date not null,
      description text not null,
      counterparty text,
      payment_method text,
      reference text,
      invoice_id uuid,
      source_id uuid,
      reverses_entry_id uuid unique references journal_entries (id),
      recorded_by text not null,
      recorded_at timestamptz not null,
      previous_hash text not null,
      hash text not null,
      unique (trust_account_id, sequence)
    )`.execute(db);
    await sql`create index journal_by_ledger on journal_entries (ledger_id, effective_date)`.execute(
      db,
    );
    await sql`create index journal_by_date on journal_entries (trust_account_id, effective_date)`.execute(
      db,
    );
    await sql`create table deposits (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      ledger_id uuid not null references ledgers (id),
      entry_id uuid not null references journal_entries (id),
      amount_minor bigint not null check (amount_minor > 0),
      method text not null,
      received_on date not null,
      status text not null check (status in ('UNCLEARED', 'CLEARED', 'RETURNED', 'REVERSED')),
      cleared_on date
    )`.execute(db);
    await sql`create table disbursements (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      ledger_id uuid not null references ledgers (id),
      amount_minor bigint not null check (amount_minor > 0),
      payee text not null,
      purpose text not null,
      method text not null,
      check_number text,
      paid_on date not null,
      status text not null check (status in ('PENDING_APPROVAL', 'RECORDED', 'REJECTED')),
      requested_by text not null,
      decided_by text,
      rejection_reason text,
      entry_id uuid references journal_entries (id)
    )`.execute(db);
    await sql`create table shortages (
      firm_id uuid not null,
      id uuid primary key,
      trust_account_id uuid not null references trust_accounts (id),
      ledger_id uuid not null references ledgers (id),
      deposit_id uuid not null references deposits (id),
      shortage_minor bigint not null check (shortage_minor > 0),
      detected_on date not null
    )`.execute(db);
    for (const table of [
      'trust_accounts',
      'ledgers',
      'journal_entries',
      'deposits',
      'disbursements',
      'shortages',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
