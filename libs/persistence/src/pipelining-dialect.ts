import {
  AbortedTransactionError,
  CompiledQuery,
  type Compilable,
  type InferResult,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { pipelinedQuery, type Statement } from './pipelined-query';

const sentAhead = new WeakSet<CompiledQuery>();

/**
 * Marks a statement whose result its caller does not need (binding the firm, storing an
 * idempotent answer): the connection sends it in the round trip of the next statement, or of the
 * commit, instead of one of its own. Order is kept; its error fails that next statement.
 */
export function withNextStatement<T>(query: CompiledQuery<T>): CompiledQuery<T> {
  sentAhead.add(query);
  return query;
}

/**
 * Sends `query` with the transaction's next statement (its commit, often): for a write whose
 * answer nobody reads, a round trip less. Order is kept; its error fails that next statement.
 */
export async function sendWithNext<Executor>(
  tx: Executor & { executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> },
  query: { compile(executor: Executor): CompiledQuery<unknown> },
): Promise<void> {
  await tx.executeQuery(withNextStatement(query.compile(tx)));
}

const batches = new WeakMap<CompiledQuery, readonly CompiledQuery[]>();

/**
 * Runs reads that do not depend on each other in one round trip (with anything held back by
 * `withNextStatement`), in order, and answers each one's rows.
 */
export async function readTogether<
  const Q extends readonly (Compilable<unknown> | CompiledQuery<unknown>)[],
>(
  tx: { executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> },
  queries: Q,
): Promise<{ [K in keyof Q]: InferResult<Q[K]> }> {
  const batch = CompiledQuery.raw('-- batch');
  batches.set(
    batch,
    queries.map((query) => ('compile' in query ? query.compile() : query)),
  );
  const { rows } = await tx.executeQuery(batch);
  return rows as never;
}

/** A pooled pg client that holds statements back until one needs an answer. */
class PipeliningConnection implements DatabaseConnection {
  private waiting: Statement[] = [];
  /** Whether the transaction's BEGIN has gone out (it waits for the first statement). */
  begun = false;
  /** A rollback failed: the connection's state is unknown, the pool must drop it. */
  broken = false;

  constructor(readonly client: pg.PoolClient) {}

  hold(statement: Statement): void {
    this.waiting.push(statement);
  }

  /** Forgets what is held: a transaction that never reached the server needs no rollback. */
  forget(): void {
    this.waiting = [];
  }

  get holding(): boolean {
    return this.waiting.length > 0;
  }

  holdingOnly(count: number): boolean {
    return this.waiting.length <= count;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (sentAhead.has(query)) {
      this.hold(query);
      return { rows: [] };
    }
    const batch = batches.get(query);
    if (batch) {
      const results = await this.sendAll(batch);
      return { rows: results.map((result) => result.rows) as R[] };
    }
    return this.send(query);
  }

  /** Sends what is held with `statement` in one round trip; answers the last result. */
  async send<R>(statement: Statement): Promise<QueryResult<R>> {
    const { command, rowCount, rows } = (await this.sendAll([statement]))[0]!;
    return {
      numAffectedRows: ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command)
        ? BigInt(rowCount ?? 0)
        : undefined,
      rows: (command === 'COMMIT' || command === 'ROLLBACK' ? [{ command }] : (rows ?? [])) as R[],
    };
  }

  /** Sends what is held and `statements` in one round trip; answers the results of `statements`. */
  private async sendAll(statements: readonly Statement[]): Promise<pg.QueryResult[]> {
    const held = this.waiting.length;
    const all = [...this.waiting, ...statements];
    this.waiting = [];
    this.begun = true;
    const results = await new Promise<pg.QueryResult[]>((resolve, reject) => {
      this.client.query(
        pipelinedQuery(all, (error, answered) => (error ? reject(error) : resolve(answered))),
      );
    });
    return results.slice(held);
  }

  streamQuery(): never {
    throw new Error('streaming is not supported');
  }
}

function beginStatement(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  return [
    'start transaction',
    settings.isolationLevel && `isolation level ${settings.isolationLevel}`,
    settings.accessMode,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Kysely's pg driver with fewer round trips: BEGIN waits for the transaction's first statement
 * and goes out with it, statements marked `withNextStatement` wait likewise, and a transaction
 * that sent nothing commits or rolls back without a word to the server.
 */
class PipeliningDriver implements Driver {
  private readonly connections = new WeakMap<pg.PoolClient, PipeliningConnection>();

  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection) {
      connection = new PipeliningConnection(client);
      this.connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const pipelining = connection as PipeliningConnection;
    pipelining.begun = false;
    pipelining.hold({ sql: beginStatement(settings), parameters: [] });
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelining = connection as PipeliningConnection;
    // Only the BEGIN held: the transaction never reached the server and has nothing to commit.
    if (!pipelining.begun && pipelining.holdingOnly(1)) return pipelining.forget();
    const { rows } = await pipelining.send<{ command: string }>(CompiledQuery.raw('commit'));
    // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier statement left it aborted.
    if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelining = connection as PipeliningConnection;
    pipelining.forget();
    if (!pipelining.begun) return;
    try {
      await pipelining.client.query('rollback');
    } catch (error) {
      pipelining.broken = true;
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pipelining = connection as PipeliningConnection;
    // Outside a transaction a held statement must still run, before the client goes back.
    if (pipelining.holding && !pipelining.broken) {
      await pipelining.send(CompiledQuery.raw('select 1'));
    }
    pipelining.client.release(pipelining.broken);
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** Kysely's PostgreSQL dialect on a pg pool, with the pipelining driver above. */
export class PipeliningPostgresDialect implements Dialect {
  constructor(private readonly pool: pg.Pool) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PipeliningDriver(this.pool);
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
