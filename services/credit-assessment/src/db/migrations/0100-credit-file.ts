import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** The credit file (facts), the profiles folded from it, and the firms the nightly run serves. */
export const creditFile: Migration = {
  async up(db: Kysely<unknown>) {
    // Append-only: one row per fact an event gave, each with its business date and recorded time.
    await sql`create table credit_facts (
      firm_id uuid not null,
      event_id uuid not null,
      seq smallint not null,
      client_id uuid not null,
      kind text not null check (length(kind) <= 40),
      matter_id uuid,
      ref text check (length(ref) <= 100),
      amount_minor bigint not null,
      currency char(3),
      business_date date not null,
      due_date date,
      days integer,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null,
      primary key (firm_id, event_id, seq)
    )`.execute(db);
    await sql`create index credit_facts_by_client on credit_facts (firm_id, client_id, recorded_at)`.execute(
      db,
    );
    await sql`create table client_profiles (
      firm_id uuid not null,
      client_id uuid not null,
      as_of date not null,
      policy_version integer not null,
      thin_file boolean not null,
      score integer,
      grade text check (grade in ('A', 'B', 'C', 'D', 'E')),
      payment_index integer,
      features jsonb not null,
      assessment jsonb not null,
      assessed_at timestamptz not null,
      primary key (firm_id, client_id)
    )`.execute(db);
    await sql`create index client_profiles_by_grade on client_profiles (firm_id, grade)`.execute(
      db,
    );
    // Exposure per client and currency (never summed across currencies), with its limit.
    await sql`create table client_exposures (
      firm_id uuid not null,
      client_id uuid not null,
      currency char(3) not null,
      unbilled_work_minor bigint not null,
      unbilled_expenses_minor bigint not null,
      open_receivables_minor bigint not null,
      trust_held_minor bigint not null,
      exposure_minor bigint not null,
      limit_minor bigint,
      primary key (firm_id, client_id, currency)
    )`.execute(db);
    await sql`create index client_exposures_by_size on client_exposures (firm_id, currency, exposure_minor desc)`.execute(
      db,
    );
    await sql`create table matter_exposures (
      firm_id uuid not null,
      matter_id uuid not null,
      currency char(3) not null,
      client_id uuid not null,
      unbilled_work_minor bigint not null,
      unbilled_expenses_minor bigint not null,
      open_receivables_minor bigint not null,
      trust_held_minor bigint not null,
      exposure_minor bigint not null,
      primary key (firm_id, matter_id, currency)
    )`.execute(db);
    await sql`create index matter_exposures_by_client on matter_exposures (firm_id, client_id)`.execute(
      db,
    );
    // The tenant directory (no row-level security): the nightly run reads every firm's zone.
    await sql`create table credit_firms (
      firm_id uuid primary key,
      time_zone text not null default 'UTC',
      rescored_on date
    )`.execute(db);
    for (const table of [
      'credit_facts',
      'client_profiles',
      'client_exposures',
      'matter_exposures',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
