import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';

/**
 * Events waiting for (or done with) publication. Not tenant-isolated: only the relay reads it,
 * across all firms; each row still records its firm for audit.
 */
export interface OutboxTable {
  id: Generated<bigint>;
  event_id: string;
  event_type: string;
  firm_id: string;
  topic: string;
  message_key: string;
  /** The encoded CloudEvent exactly as it goes on the wire. */
  payload: string;
  headers: ColumnType<Record<string, string>, string, string>;
  created_at: Generated<Date>;
  published_at: Date | null;
}

export interface OutboxDatabase {
  outbox: OutboxTable;
}

export const outboxChannel = 'lexfin_outbox';

export async function createOutboxTable(db: Kysely<unknown>): Promise<void> {
  await sql`create table outbox (
    id bigserial primary key,
    event_id uuid not null unique,
    event_type text not null,
    firm_id uuid not null,
    topic text not null,
    message_key text not null,
    payload text not null,
    headers jsonb not null default '{}',
    created_at timestamptz not null default now(),
    published_at timestamptz
  )`.execute(db);
  // The relay's only query: unpublished rows in id order. The partial index stays tiny.
  await sql`create index outbox_unpublished on outbox (id) where published_at is null`.execute(db);
  // A queue table: every row is updated once soon after insert. Vacuum it early and without
  // throttling, or the relay's index scan wades through dead entries and latency creeps up.
  await sql`alter table outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0, fillfactor = 90
  )`.execute(db);
}
