import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * What a client agreed or contests, and where its case went: promises to pay, payment plans and
 * their instalments, disputes, the client's own channel opt-outs, agency hand-offs and write-off
 * recommendations. Kept or broken, complete or in default is derived from billing's payments;
 * the outcome columns only record that its event went out.
 */
export const arrangements: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table promises_to_pay (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid,
      invoice_ids uuid[] not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null,
      made_on date not null,
      pay_by date not null check (pay_by >= made_on),
      note text check (length(note) <= 2000),
      made_by text not null,
      made_at timestamptz not null,
      outcome text check (outcome in ('KEPT', 'BROKEN')),
      outcome_on date
    )`.execute(db);
    await sql`create index promises_by_client on promises_to_pay (firm_id, client_id)`.execute(db);
    await sql`create table payment_plans (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid,
      invoice_ids uuid[] not null,
      currency text not null,
      total_minor bigint not null check (total_minor > 0),
      interest_minor bigint not null check (interest_minor >= 0),
      grace_days int not null check (grace_days between 0 and 60),
      is_credit boolean not null,
      status text not null check (status in ('PROPOSED', 'AWAITING_APPROVAL', 'ACTIVE',
        'DECLINED', 'DEFAULTED', 'COMPLETED')),
      proposed_by text not null,
      proposed_at timestamptz not null,
      decided_by text,
      started_on date,
      outcome_on date
    )`.execute(db);
    await sql`create index payment_plans_by_client on payment_plans (firm_id, client_id)`.execute(
      db,
    );
    await sql`create table plan_instalments (
      firm_id uuid not null,
      plan_id uuid not null references payment_plans (id),
      seq int not null,
      due_on date not null,
      amount_minor bigint not null check (amount_minor > 0),
      reminded_at timestamptz,
      primary key (plan_id, seq)
    )`.execute(db);
    await sql`create table disputes (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid,
      invoice_id uuid not null,
      line_id uuid,
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null,
      reason text not null check (length(reason) <= 2000),
      owner_user_id text not null,
      deadline date not null,
      opened_by text not null,
      opened_at timestamptz not null,
      status text not null check (status in ('OPEN', 'UPHELD', 'REJECTED', 'PARTIAL')),
      credited_minor bigint,
      resolved_by text,
      resolved_at timestamptz,
      owner_reminded_at timestamptz
    )`.execute(db);
    await sql`create index disputes_by_client on disputes (firm_id, client_id)`.execute(db);
    await sql`create table channel_opt_outs (
      firm_id uuid not null,
      client_id uuid not null,
      channel text not null check (channel in ('EMAIL', 'SMS', 'LETTER')),
      at timestamptz not null,
      primary key (firm_id, client_id, channel)
    )`.execute(db);
    await sql`create table agency_handoffs (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid not null,
      agency text not null check (length(agency) <= 200),
      handed_by text not null,
      handed_at timestamptz not null,
      recalled_by text,
      recalled_at timestamptz
    )`.execute(db);
    await sql`create unique index agency_handoffs_one_open on agency_handoffs (firm_id, client_id)
      where recalled_at is null`.execute(db);
    await sql`create table write_off_recommendations (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid not null,
      currency text not null,
      amount_minor bigint not null check (amount_minor > 0),
      invoice_amounts jsonb not null,
      reason text not null check (length(reason) <= 2000),
      recommended_by text not null,
      recommended_at timestamptz not null,
      approved_by text,
      approved_at timestamptz
    )`.execute(db);
    await sql`alter table collection_pauses add column resumed_by text`.execute(db);
    for (const table of [
      'promises_to_pay',
      'payment_plans',
      'plan_instalments',
      'disputes',
      'channel_opt_outs',
      'agency_handoffs',
      'write_off_recommendations',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
