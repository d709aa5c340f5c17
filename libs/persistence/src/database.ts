import { Kysely } from 'kysely';
import pg from 'pg';
import { PipeliningPostgresDialect } from './pipelining-dialect';

export interface DatabaseOptions {
  url: string;
  /** Connections in the pool; keep it small on a 2-core box, Postgres does the rest. */
  poolSize?: number;
  applicationName?: string;
}

export interface Database<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** Readiness probe: rejects when the database does not answer. */
  checkReachable(): Promise<void>;
  close(): Promise<void>;
}

const int8Oid = 20;
const dateOid = 1082;

/**
 * bigint columns come back as bigint (money is bigint minor units, never a float) and `date` columns
 * as the 'YYYY-MM-DD' business date they are, never a Date shifted by a time zone.
 */
const lexfinTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8Oid) return (value: string) => BigInt(value);
    if (oid === dateOid) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export function createDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'lexfin',
    types: lexfinTypes,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may one in use: the pool listens only to idle clients, and a connection ended under a
  // transaction (pg_terminate_backend, a failover) emits 'error' besides failing the query, which
  // with no listener ended the whole service. The query's own rejection carries the error.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<DB>({ dialect: new PipeliningPostgresDialect(pool) });
  return {
    db,
    pool,
    async checkReachable() {
      await pool.query('select 1');
    },
    async close() {
      await db.destroy();
    },
  };
}
