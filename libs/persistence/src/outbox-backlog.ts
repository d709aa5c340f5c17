import { sql, type Kysely } from 'kysely';
import type { OutboxDatabase } from './outbox-table';

/** Events committed and not yet published, for operations and metrics. */
export interface OutboxBacklog {
  pending: number;
  /** When the oldest unpublished event was committed; null when nothing waits. */
  oldestCreatedAt: Date | null;
}

/** Reads only unpublished rows, through the relay's partial index (`outbox_unpublished`). */
export async function outboxBacklog(db: Kysely<OutboxDatabase>): Promise<OutboxBacklog> {
  const { rows } = await sql<{ pending: number; oldest: Date | null }>`
    select count(*)::int as pending, min(created_at) as oldest
    from outbox where published_at is null`.execute(db);
  const row = rows[0];
  return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldest ?? null };
}
