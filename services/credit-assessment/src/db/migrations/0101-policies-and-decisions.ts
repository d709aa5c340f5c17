import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** Credit policies, limits and breaches, and intake decisions with their overrides. */
export const policiesAndDecisions: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table credit_policies (
      firm_id uuid not null,
      version integer not null check (version >= 2),
      document jsonb not null,
      drafted_by text not null,
      drafted_at timestamptz not null,
      published_by text,
      published_at timestamptz,
      primary key (firm_id, version)
    )`.execute(db);
    await sql`create table credit_limits (
      firm_id uuid not null,
      client_id uuid not null,
      currency char(3) not null,
      amount_minor bigint not null check (amount_minor >= 0),
      reason text not null check (length(reason) <= 10000),
      set_by text not null,
      set_at timestamptz not null,
      primary key (firm_id, client_id, currency)
    )`.execute(db);
    await sql`create table credit_breaches (
      firm_id uuid not null,
      breach_id uuid not null,
      client_id uuid not null,
      currency char(3) not null,
      cause text not null check (cause in ('OVER_LIMIT', 'HOLD_GRADE')),
      breached_at timestamptz not null,
      restored_at timestamptz,
      primary key (firm_id, breach_id)
    )`.execute(db);
    // At most one open breach per client and currency: a breach is published once.
    await sql`create unique index credit_breaches_open on credit_breaches (firm_id, client_id, currency)
      where restored_at is null`.execute(db);
    await sql`create table credit_decisions (
      firm_id uuid not null,
      decision_id uuid not null,
      client_id uuid,
      requested_by text not null,
      input jsonb not null,
      features jsonb not null,
      policy_version integer not null,
      outcome text not null check (outcome in ('APPROVE', 'APPROVE_WITH_RETAINER', 'REFER_TO_PARTNER', 'DECLINE')),
      result jsonb not null,
      decided_at timestamptz not null,
      primary key (firm_id, decision_id)
    )`.execute(db);
    await sql`create index credit_decisions_by_client on credit_decisions (firm_id, client_id, decided_at)`.execute(
      db,
    );
    await sql`create table credit_overrides (
      firm_id uuid not null,
      override_id uuid not null,
      decision_id uuid not null,
      outcome text not null check (outcome in ('APPROVE', 'APPROVE_WITH_RETAINER', 'REFER_TO_PARTNER', 'DECLINE')),
      reason text not null check (length(reason) <= 10000),
      approved_by text not null,
      overridden_at timestamptz not null,
      primary key (firm_id, override_id),
      foreign key (firm_id, decision_id) references credit_decisions (firm_id, decision_id)
    )`.execute(db);
    await sql`create unique index credit_overrides_one_per_decision on credit_overrides (firm_id, decision_id)`.execute(
      db,
    );
    for (const table of [
      'credit_policies',
      'credit_limits',
      'credit_breaches',
      'credit_decisions',
      'credit_overrides',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
