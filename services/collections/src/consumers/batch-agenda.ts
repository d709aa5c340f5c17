import type { Transaction } from 'kysely';
import type { BatchEventHandler, EventHandler } from '@lexfin/persistence';
import { putOnAgenda as putOnAgendaNow } from '../app/open-amounts';
import type { CollectionsDatabase } from '../db/schema';

type Tx = Transaction<CollectionsDatabase>;

/** Per batch transaction: the clients its events put on the agenda, and the earliest due time. */
const pendingAgenda = new WeakMap<Tx, { clientIds: Set<string>; at: Date }>();

/**
 * Puts clients on the agenda: at once for an event applied alone, or once per client at the end
 * of the batch whose transaction this is (a fetch often brings several events of one client).
 */
export async function putOnAgenda(
  tx: Tx,
  firmId: string,
  clientIds: readonly string[],
  at: Date,
): Promise<void> {
  const pending = pendingAgenda.get(tx);
  if (!pending) return putOnAgendaNow(tx, firmId, clientIds, at);
  for (const clientId of clientIds) pending.clientIds.add(clientId);
  if (at < pending.at) pending.at = at;
}

/**
 * A firm's new events from one fetch, applied in their order by their own handlers in one
 * transaction; the clients they touch go on the agenda in one statement at the end (due at the
 * earliest time any of the events asked for, so no client is looked at later than it would be).
 */
export function applyInOrder(
  handlers: Record<string, EventHandler<CollectionsDatabase>>,
): BatchEventHandler<CollectionsDatabase> {
  return async (tx, events) => {
    const pending = { clientIds: new Set<string>(), at: new Date(8.64e15) };
    pendingAgenda.set(tx, pending);
    try {
      for (const event of events) await handlers[event.type]!(tx, event);
    } finally {
      pendingAgenda.delete(tx);
    }
    await putOnAgendaNow(tx, events[0]!.firmid, [...pending.clientIds], pending.at);
  };
}
