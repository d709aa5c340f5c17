import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** Endpoints, one delivery per event and endpoint, and the log of every attempt. */
export const webhooks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table webhook_endpoints (
      firm_id uuid not null,
      id uuid not null,
      url text not null,
      description text not null,
      event_types text[] not null,
      status text not null check (status in ('ENABLED', 'DISABLED')),
      disabled_reason text,
      disabled_at timestamptz,
      signing_secret_sealed text not null,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      failing_since timestamptz,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (firm_id, id)
    )`.execute(db);
    // generation: raised by each replay, so a job of an earlier series knows it is superseded.
    await sql`create table webhook_deliveries (
      firm_id uuid not null,
      id uuid not null,
      endpoint_id uuid not null,
      event_id uuid not null,
      event_type text not null,
      payload text not null,
      status text not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
      generation integer not null default 0,
      attempts integer not null default 0,
      response_code integer,
      latency_ms integer,
      last_error text,
      created_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      next_attempt_at timestamptz,
      primary key (firm_id, id),
      unique (firm_id, endpoint_id, event_id),
      foreign key (firm_id, endpoint_id) references webhook_endpoints (firm_id, id)
    )`.execute(db);
    await sql`create index webhook_deliveries_by_endpoint
      on webhook_deliveries (firm_id, endpoint_id, created_at desc)`.execute(db);
    await sql`create table webhook_delivery_attempts (
      firm_id uuid not null,
      delivery_id uuid not null,
      attempt integer not null,
      attempted_at timestamptz not null,
      response_code integer,
      latency_ms integer not null,
      response_body text,
      error text,
      primary key (firm_id, delivery_id, attempt),
      foreign key (firm_id, delivery_id) references webhook_deliveries (firm_id, id)
    )`.execute(db);
    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_delivery_attempts']) {
      await enableTenantIsolation(db, table);
    }
  },
};
