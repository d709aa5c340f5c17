import type { Transaction } from 'kysely';
import type { BatchEventHandler, EventHandler } from '@lexfin/persistence';
import {
  putOnAgenda as putOnAgendaNow,
  recordMovements as recordMovementsNow,
  recordStatedOpenAmount as recordStatedOpenAmountNow,
  type Movement,
} from '../app/open-amounts';
import type { CollectionsDatabase } from '../db/schema';

type Tx = Transaction<CollectionsDatabase>;

/** What a batch's events asked for that is written once for all of them. */
interface Deferred {
  firmId: string;
  movements: Movement[];
  clientIds: Set<string>;
  /** The earliest time an event asked the agenda for. */
  at: Date;
}

/** Per batch transaction (an event applied alone has none and writes at once). */
const deferredIn = new WeakMap<Tx, Deferred>();

/**
 * Records movements of open amounts, or (in a batch) keeps them for one insert and one rebuild
 * of every touched invoice when the batch ends or something reads an open amount first. Returns
 * the clients whose open amounts changed now (none yet, in a batch: they go on the agenda then).
 */
export async function recordMovements(
  tx: Tx,
  firmId: string,
  movements: readonly Movement[],
): Promise<string[]> {
  const deferred = deferredIn.get(tx);
  if (!deferred) return recordMovementsNow(tx, firmId, movements);
  deferred.movements.push(...movements);
  return [];
}

/** Puts clients on the agenda, at once or (in a batch) once per client when the batch ends. */
export async function putOnAgenda(...args: Parameters<typeof putOnAgendaNow>): Promise<void> {
  const [tx, , clientIds, at] = args;
  const deferred = deferredIn.get(tx);
  if (!deferred) return putOnAgendaNow(...args);
  for (const clientId of clientIds) deferred.clientIds.add(clientId);
  if (at < deferred.at) deferred.at = at;
}

/** Billing's statement of an open amount, beside the replica's: which needs movements so far. */
export async function recordStatedOpenAmount(
  ...args: Parameters<typeof recordStatedOpenAmountNow>
): Promise<void> {
  const deferred = deferredIn.get(args[0]);
  if (deferred) await recordDeferredMovements(args[0], deferred);
  await recordStatedOpenAmountNow(...args);
}

async function recordDeferredMovements(tx: Tx, deferred: Deferred): Promise<void> {
  const movements = deferred.movements.splice(0);
  const clientIds = await recordMovementsNow(tx, deferred.firmId, movements);
  for (const clientId of clientIds) deferred.clientIds.add(clientId);
}

/**
 * A firm's new events from one fetch, applied in their order by their own handlers in one
 * transaction (a run of consecutive events of a type in `runs` by that one handler at once). Their movements are recorded and the touched invoices rebuilt once, and the
 * clients go on the agenda in one statement, at the end (due at the earliest time any of the
 * events asked for): an invoice's history is rebuilt from all its movements whatever their order.
 */
export function applyInOrder(
  handlers: Record<string, EventHandler<CollectionsDatabase>>,
  runs: Record<string, BatchEventHandler<CollectionsDatabase>> = {},
): BatchEventHandler<CollectionsDatabase> {
  return async (tx, events) => {
    const firmId = events[0]!.firmid;
    const deferred: Deferred = {
      firmId,
      movements: [],
      clientIds: new Set(),
      at: new Date(8.64e15),
    };
    deferredIn.set(tx, deferred);
    try {
      for (let start = 0; start < events.length;) {
        const type = events[start]!.type;
        const runOf = runs[type];
        let end = start + 1;
        while (runOf && events[end]?.type === type) end += 1;
        if (runOf) await runOf(tx, events.slice(start, end));
        else await handlers[type]!(tx, events[start]!);
        start = end;
      }
      await recordDeferredMovements(tx, deferred);
    } finally {
      deferredIn.delete(tx);
    }
    await putOnAgendaNow(tx, firmId, [...deferred.clientIds], deferred.at);
  };
}
