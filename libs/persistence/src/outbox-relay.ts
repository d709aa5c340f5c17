import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { MessagingLogger, OutgoingMessage, Publisher } from '@lexfin/messaging';
import { outboxChannel, type OutboxDatabase } from './outbox-table';

export interface OutboxRelayOptions {
  db: Kysely<OutboxDatabase>;
  /** The pool behind `db`; one of its connections is held to LISTEN for new rows. */
  pool: pg.Pool;
  publisher: Publisher;
  logger: MessagingLogger;
  batchSize?: number;
  /** Poll even without a notification, in case one was missed (listener reconnecting). */
  pollIntervalMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface OutboxBatchRow {
  locked: boolean;
  id: bigint | null;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/** One relay publishes at a time per database, so per-key order holds with many instances. */
const relayLockKey = 0x4c4558464e4f5554n; // "LEXFNOUT"

/**
 * Publishes committed outbox rows to Kafka in id order, then marks them published, in one
 * transaction holding the rows locked. A relay killed mid-batch leaves its rows unmarked: they are
 * published again (at least once, never skipped). While Kafka is down it backs off and retries the
 * same rows.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: pg.PoolClient | undefined;
  private wakeRequested = false;
  private wake: ((reason: 'notify' | 'stop') => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Stops after the batch in flight; rows not yet published stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.signal('stop');
    await this.loop;
    this.loop = undefined;
    if (this.listener) {
      this.listener.release(true);
      this.listener = undefined;
    }
  }

  /** Publishes everything committed so far (graceful shutdown); rejects if Kafka refuses. */
  async flush(): Promise<void> {
    for (;;) {
      const published = await this.publishBatch();
      if (published === 'busy') await delay(20);
      else if (published === 0) return;
    }
  }

  /**
   * Publishes one batch; returns how many rows it published, or 'busy' while another relay (or
   * this one's loop) holds the publishing lock.
   */
  async publishBatch(): Promise<number | 'busy'> {
    return this.options.db.transaction().execute(async (tx) => {
      // The lock attempt is a one-row derived table the batch joins to: one round trip for both,
      // and no rows are locked unless this relay won the publishing lock.
      const { rows } = await sql<OutboxBatchRow>`
        select locked, id, topic, message_key, payload, headers
        from (select pg_try_advisory_xact_lock(${relayLockKey}) as locked) as relay_lock
        left join lateral (
          select id, topic, message_key, payload, headers from outbox
          where published_at is null and relay_lock.locked
          order by id
          limit ${this.batchSize}
          for update skip locked
        ) as batch on true
        order by id`.execute(tx);
      if (!rows[0]?.locked) return 'busy';
      if (rows[0].id === null) return 0;
      const messages: OutgoingMessage[] = rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        value: row.payload,
        headers: row.headers,
      }));
      await this.options.publisher.publish(messages);
      await tx
        .updateTable('outbox')
        .set({ published_at: sql`now()` })
        .where(
          'id',
          'in',
          rows.map((row) => row.id!),
        )
        .execute();
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let backoff = this.initialBackoffMs;
    while (this.running) {
      let published: number | 'busy';
      try {
        published = await this.publishBatch();
        backoff = this.initialBackoffMs;
      } catch (error) {
        this.options.logger.warn(
          { err: error, retryInMs: backoff },
          'outbox relay could not publish; will retry the same rows',
        );
        await this.sleep(backoff);
        backoff = Math.min(this.maxBackoffMs, backoff * 2);
        continue;
      }
      if (published === 0 || published === 'busy') await this.sleep(this.pollIntervalMs, true);
    }
  }

  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('notification', () => this.signal('notify'));
    client.on('error', (error) => {
      // The poll keeps the relay going; a new listener is opened on the next start.
      this.options.logger.warn({ err: error }, 'outbox listener connection failed; polling only');
    });
    await client.query(`listen ${outboxChannel}`);
    this.listener = client;
  }

  private signal(reason: 'notify' | 'stop'): void {
    if (reason === 'notify') this.wakeRequested = true;
    this.wake?.(reason);
  }

  /** Waits `ms`; a stop always ends the wait, a notification only an idle wait (not a backoff). */
  private sleep(ms: number, wakeOnNotify = false): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (wakeOnNotify && this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = undefined;
        if (wakeOnNotify) this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = (reason) => {
        if (reason === 'stop' || wakeOnNotify) finish();
      };
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
