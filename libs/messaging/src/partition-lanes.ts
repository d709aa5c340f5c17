import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { MessagingLogger } from './log';
import type { IncomingMessage } from './message';

/** Messages fetched ahead of a partition's applying; beyond this the fetching waits. */
const maxQueuedPerPartition = 2_000;
/** Messages applied at once (one transaction per firm in an inbox consumer). */
const maxAppliedAtOnce = 500;
/**
 * How long an applied message's offset may wait to be committed together with others, and how
 * long after a refused commit the next try comes.
 */
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
  /** The offset after the last message applied: what the group's committed offset must reach. */
  applied: bigint | undefined;
  /** The offset the broker took in a commit of this lane's; undefined when not known. */
  committed: bigint | undefined;
  draining: Promise<void> | undefined;
  /**
   * Counts the times the partition left this member (see forget): what an apply or a commit begun
   * before then finishes with is not this lane's any more.
   */
  term: number;
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
 *
 * A lane's applied offset is committed until the broker took it: a refused commit (a rebalance,
 * a broker fault) is tried again, since a partition that stays with this member is not fetched
 * again past what was queued, and nothing else would ever commit it (the group stayed behind
 * for good when no new message came). What the lanes know holds only while this member keeps
 * its partitions: when the consumer crashes (kafkajs restarts it as a new member) or joins under
 * another member id, another member may have applied and committed further, so every lane starts
 * over from the offset the group committed.
 */
export class PartitionLanes {
  private readonly lanes = new Map<string, Lane>();
  private commitTimer: NodeJS.Timeout | undefined;
  /** The commit under way: one at a time, so an older offset never lands after a newer one. */
  private committing: Promise<void> | undefined;
  private memberId: string | undefined;
  /** Every lane applying now, a partition gone elsewhere too. */
  private readonly draining = new Set<Promise<void>>();
  private applying = 0;
  private readonly waitingForSlot: (() => void)[] = [];
  private stopping = false;

  constructor(private readonly options: PartitionLanesOptions) {
    const { consumer } = options;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      this.joined(payload.memberId, payload.memberAssignment),
    );
    consumer.on(consumer.events.CRASH, () => this.forgetAll());
  }

  /** A fetched batch: queued for its lane; waits only while the lane is full. */
  async accept(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // A stale batch was fetched before a seek back (see refetch): its messages come again.
    if (this.stopping || payload.isStale() || batch.messages.length === 0) return;
    const lane = this.laneOf(batch.topic, batch.partition);
    // Fetched again from below what was applied: the group's committed offset is behind it.
    if (lane.applied !== undefined && BigInt(batch.messages[0]!.offset) < lane.applied) {
      lane.committed = undefined;
      this.scheduleCommit();
    }
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
    await this.committing;
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
        applied: undefined,
        committed: undefined,
        draining: undefined,
        term: 0,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /**
   * After a rebalance: a partition gone elsewhere is forgotten here, its new owner applies it. A
   * new member id means this member left the group meanwhile: every partition may have moved.
   */
  private joined(memberId: string, assignment: Record<string, number[]>): void {
    if (memberId !== this.memberId) this.forgetAll();
    this.memberId = memberId;
    for (const lane of this.lanes.values()) {
      if (!assignment[lane.topic]?.includes(lane.partition)) this.forget(lane);
    }
  }

  private forgetAll(): void {
    this.memberId = undefined;
    for (const lane of this.lanes.values()) this.forget(lane);
  }

  /**
   * The lane starts over: its next fetch comes from the group's committed offset. A transaction
   * still applying finishes first (the lane stays in order) but is not committed by this member.
   */
  private forget(lane: Lane): void {
    lane.queue.length = 0;
    lane.lastQueued = undefined;
    lane.applied = undefined;
    lane.committed = undefined;
    lane.term += 1;
  }

  private drain(lane: Lane): void {
    if (lane.draining) return;
    const draining = this.applyQueued(lane).finally(() => {
      lane.draining = undefined;
      this.draining.delete(draining);
      // Queued after the applying saw an empty queue, or after the lane was forgotten meanwhile.
      if (lane.queue.length > 0) this.drain(lane);
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
        const { term } = lane;
        try {
          await this.options.apply(messages);
        } catch (error) {
          if (lane.term === term) this.refetch(lane, messages[0]!.offset, error);
          return;
        }
        if (lane.term === term) this.applied(lane, messages.at(-1)!.offset);
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
    if (this.stopping) return;
    try {
      this.options.consumer.seek({ topic: lane.topic, partition: lane.partition, offset });
    } catch (seekError) {
      // The consumer stopped meanwhile: the offset was not committed, the next owner refetches.
      this.options.logger.warn({ err: seekError }, 'could not fetch the partition again');
    }
  }

  private applied(lane: Lane, offset: string): void {
    lane.applied = BigInt(offset) + 1n;
    this.scheduleCommit();
  }

  private scheduleCommit(): void {
    if (this.stopping || this.committing) return;
    this.commitTimer ??= setTimeout(() => void this.commit(), commitDelayMs).unref();
  }

  /** Commits what the lanes applied; what the broker refused is tried again after a while. */
  private commit(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.committing ??= this.commitApplied().finally(() => {
      this.committing = undefined;
      if ([...this.lanes.values()].some(uncommitted)) this.scheduleCommit();
    });
    return this.committing;
  }

  private async commitApplied(): Promise<void> {
    const commits = [...this.lanes.values()]
      .filter(uncommitted)
      .map((lane) => ({ lane, term: lane.term, offset: lane.applied! }));
    if (commits.length === 0) return;
    try {
      await this.options.consumer.commitOffsets(
        commits.map(({ lane, offset }) => ({
          topic: lane.topic,
          partition: lane.partition,
          offset: offset.toString(),
        })),
      );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'offset commit failed; trying again');
      return;
    }
    for (const { lane, term, offset } of commits) {
      if (lane.term === term && (lane.committed === undefined || offset > lane.committed)) {
        lane.committed = offset;
      }
    }
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

function uncommitted(lane: Lane): boolean {
  return (
    lane.applied !== undefined && (lane.committed === undefined || lane.applied > lane.committed)
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
