import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { MessagingLogger } from './log';
import type { IncomingMessage } from './message';

/** Messages fetched ahead of a partition's applying; beyond this the fetching waits. */
const maxQueuedPerPartition = 2_000;
/** Messages applied at once (one transaction per firm in an inbox consumer). */
const maxAppliedAtOnce = 500;
/** How long an applied message's offset may wait to be committed together with others. */
const commitDelayMs = 500;
/** How often a fetch held back by a full lane tells the group it is alive. */
const heartbeatEveryMs = 1_000;

interface Lane {
  readonly topic: string;
  readonly partition: number;
  /** Fetched, not yet applied, in partition order. */
  queue: IncomingMessage[];
  /** The last offset queued: a fetch from an older committed offset brings nothing twice. */
  lastQueued: bigint | undefined;
  draining: Promise<void> | undefined;
  /** False once the partition went to another member: what it still applies is not committed. */
  owned: boolean;
}

export interface PartitionLanesOptions {
  consumer: Consumer;
  /** Partitions applying at once. */
  concurrency: number;
  /**
   * Applies messages of one partition, in order; settles once each is applied or dead-lettered.
   * A rejection (the dead-letter topic unreachable) makes the partition fetch them again.
   */
  apply(messages: IncomingMessage[]): Promise<void>;
  incoming(batch: EachBatchPayload['batch']): IncomingMessage[];
  logger: MessagingLogger;
}

/**
 * Fetching and applying side by side, one lane per partition. kafkajs fetches the next records
 * only once every batch of the last fetch was handled, and a broker may return few records per
 * partition and fetch (librdkafka's mock broker returns one record batch): applying each fetch
 * before the next made a partition's throughput one transaction per fetch round. Here a fetch
 * only queues its messages; each partition's lane applies everything queued since its last
 * transaction in the next one, in partition order. Offsets are committed only up to what was
 * applied, so a crash brings back (at most) what was queued or applied but not committed, which
 * the inbox makes harmless.
 */
export class PartitionLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly pendingCommits = new Map<
    string,
    { topic: string; partition: number; offset: string }
  >();
  private commitTimer: NodeJS.Timeout | undefined;
  /** Every lane applying now, a partition gone elsewhere too. */
  private readonly draining = new Set<Promise<void>>();
  private applying = 0;
  private readonly waitingForSlot: (() => void)[] = [];
  private stopping = false;

  constructor(private readonly options: PartitionLanesOptions) {
    const { consumer } = options;
    consumer.on(consumer.events.GROUP_JOIN, (event) =>
      this.assigned(event.payload.memberAssignment),
    );
  }

  /** A fetched batch: queued for its lane; waits only while the lane is full. */
  async accept(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // A stale batch was fetched before a seek back (see refetch): its messages come again.
    if (this.stopping || payload.isStale() || batch.messages.length === 0) return;
    const lane = this.laneOf(batch.topic, batch.partition);
    const fresh = this.options
      .incoming(batch)
      .filter(
        (message) => lane.lastQueued === undefined || BigInt(message.offset) > lane.lastQueued,
      );
    if (fresh.length > 0) {
      lane.queue.push(...fresh);
      lane.lastQueued = BigInt(fresh.at(-1)!.offset);
      this.drain(lane);
    }
    // The next fetch starts after what is queued; the committed offset stays at what is applied.
    payload.resolveOffset(batch.lastOffset());
    while (lane.queue.length >= maxQueuedPerPartition && payload.isRunning() && lane.draining) {
      await Promise.race([lane.draining, sleep(heartbeatEveryMs)]);
      await payload.heartbeat();
    }
  }

  /** Stops applying: what is queued is dropped (it was not committed), the rest is committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const lane of this.lanes.values()) lane.queue.length = 0;
    await Promise.all(this.draining);
    await this.commit();
  }

  private laneOf(topic: string, partition: number): Lane {
    const key = `${topic}|${partition}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        topic,
        partition,
        queue: [],
        lastQueued: undefined,
        draining: undefined,
        owned: true,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** After a rebalance: a partition gone elsewhere is dropped here; the new owner applies it. */
  private assigned(assignment: Record<string, number[]>): void {
    for (const [key, lane] of this.lanes) {
      if (assignment[lane.topic]?.includes(lane.partition)) continue;
      lane.queue.length = 0;
      lane.owned = false;
      this.lanes.delete(key);
      this.pendingCommits.delete(key);
    }
  }

  private drain(lane: Lane): void {
    if (lane.draining) return;
    const draining = this.applyQueued(lane).finally(() => {
      lane.draining = undefined;
      this.draining.delete(draining);
    });
    lane.draining = draining;
    this.draining.add(draining);
  }

  private async applyQueued(lane: Lane): Promise<void> {
    while (lane.queue.length > 0 && !this.stopping) {
      await this.slot();
      try {
        const messages = lane.queue.splice(0, maxAppliedAtOnce);
        if (messages.length === 0) continue;
        try {
          await this.options.apply(messages);
        } catch (error) {
          this.refetch(lane, messages[0]!.offset, error);
          return;
        }
        if (lane.owned) this.applied(lane, messages.at(-1)!.offset);
      } finally {
        this.releaseSlot();
      }
    }
  }

  /** Nothing may be skipped: the lane forgets its queue and the partition is fetched again. */
  private refetch(lane: Lane, offset: string, error: unknown): void {
    this.options.logger.error(
      { topic: lane.topic, partition: lane.partition, offset, err: error },
      'applying failed; fetching the partition again from the first message not applied',
    );
    lane.queue.length = 0;
    lane.lastQueued = undefined;
    if (!lane.owned || this.stopping) return;
    try {
      this.options.consumer.seek({ topic: lane.topic, partition: lane.partition, offset });
    } catch (seekError) {
      // The consumer stopped meanwhile: the offset was not committed, the next owner refetches.
      this.options.logger.warn({ err: seekError }, 'could not fetch the partition again');
    }
  }

  private applied(lane: Lane, offset: string): void {
    this.pendingCommits.set(`${lane.topic}|${lane.partition}`, {
      topic: lane.topic,
      partition: lane.partition,
      offset: (BigInt(offset) + 1n).toString(),
    });
    this.commitTimer ??= setTimeout(() => void this.commit(), commitDelayMs).unref();
  }

  private async commit(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const offsets = [...this.pendingCommits.values()];
    this.pendingCommits.clear();
    if (offsets.length === 0) return;
    // A commit refused in a rebalance is not retried: the partition's next owner starts at the
    // last committed offset and the inbox passes over what was already applied.
    await this.options.consumer
      .commitOffsets(offsets)
      .catch((error: unknown) =>
        this.options.logger.warn(
          { err: error },
          'offset commit failed; the messages may come again',
        ),
      );
  }

  private async slot(): Promise<void> {
    if (this.applying < this.options.concurrency) {
      this.applying += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waitingForSlot.shift();
    if (next) next();
    else this.applying -= 1;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
