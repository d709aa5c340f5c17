import type { Kysely } from 'kysely';
import type { TrustDatabase } from '../../../db/schema';
import { runPostingBatch } from './run';
import type { AccountCommand, BatchOutcome } from './types';

/** Commands in one transaction at most: large enough to amortise it, small enough to keep it short. */
const MAX_BATCH = 128;

interface Waiting {
  command: AccountCommand<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Lane {
  waiting: Waiting[];
  running: boolean;
}

/**
 * Group commit for postings: commands on the same trust account that arrive while its batch is
 * running wait and then go together in the next transaction, so a busy account pays one account
 * lock and one commit for many postings instead of one each. A lone command runs at once. One
 * batch per account at a time: measured with 64 clients, a second batch in flight only waited on
 * the first one's locks and made both smaller (spread 3,300 against 3,600 postings/s).
 */
class PostingQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly db: Kysely<TrustDatabase>) {}

  submit<T>(command: AccountCommand<T>): Promise<T> {
    const laneKey = `${command.trust.caller.firmId}/${command.trustAccountId}`;
    const lane = this.lanes.get(laneKey) ?? { waiting: [], running: false };
    this.lanes.set(laneKey, lane);
    const queued = new Promise<T>((resolve, reject) => {
      lane.waiting.push({
        command: command as AccountCommand<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
    this.drain(laneKey, lane);
    return queued;
  }

  private drain(laneKey: string, lane: Lane): void {
    if (lane.running) return;
    if (lane.waiting.length === 0) {
      this.lanes.delete(laneKey);
      return;
    }
    lane.running = true;
    void this.run(takeBatch(lane)).finally(() => {
      lane.running = false;
      this.drain(laneKey, lane);
    });
  }

  private async run(batch: Waiting[]): Promise<void> {
    batchSizeObservers.get(this.db)?.observe(batch.length);
    try {
      settle(
        batch,
        await runPostingBatch(
          this.db,
          batch.map((waiting) => waiting.command),
        ),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // A database error fails the whole transaction: run each alone, so it fails only its own.
      for (const waiting of batch) {
        await runPostingBatch(this.db, [waiting.command]).then(
          (outcomes) => settle([waiting], outcomes),
          (aloneError: unknown) => waiting.reject(aloneError),
        );
      }
    }
  }
}

/** The next batch, in arrival order; a key already in it waits for the next one. */
function takeBatch(lane: Lane): Waiting[] {
  const batch: Waiting[] = [];
  const keys = new Set<string>();
  const later: Waiting[] = [];
  for (const waiting of lane.waiting) {
    const key = waiting.command.idempotencyKey;
    if (batch.length < MAX_BATCH && !keys.has(key)) {
      keys.add(key);
      batch.push(waiting);
    } else later.push(waiting);
  }
  lane.waiting = later;
  return batch;
}

function settle(batch: readonly Waiting[], outcomes: readonly BatchOutcome[]): void {
  batch.forEach((waiting, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
}

// One queue per connection pool: every command of a process that shares the pool shares its batches.
const queues = new WeakMap<Kysely<TrustDatabase>, PostingQueue>();
const batchSizeObservers = new WeakMap<Kysely<TrustDatabase>, BatchSizeObserver>();

export interface BatchSizeObserver {
  observe(commands: number): void;
}

/** Reports the size of every posting batch run on `db`'s pool (the service's `/metrics`). */
export function observePostingBatchSizes(
  db: Kysely<TrustDatabase>,
  observer: BatchSizeObserver,
): void {
  batchSizeObservers.set(db, observer);
}

/** Runs a posting command, batched with the others waiting on the same trust account. */
export function runBatchedCommand<T>(command: AccountCommand<T>): Promise<T> {
  const db = command.trust.db;
  let queue = queues.get(db);
  if (!queue) {
    queue = new PostingQueue(db);
    queues.set(db, queue);
  }
  return queue.submit(command);
}
