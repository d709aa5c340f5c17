import { createHash } from 'node:crypto';
import { sql, type ColumnType, type Kysely, type Transaction } from 'kysely';
import { ConflictError } from '@lexfin/platform';
import { enableTenantIsolation } from './tenancy';

/** A money-moving request, remembered by the key its caller gave, with the answer it got. */
export interface IdempotencyKeyTable {
  firm_id: string;
  idempotency_key: string;
  operation: string;
  request_hash: string;
  response: ColumnType<unknown, string | null, string>;
  created_at: ColumnType<Date, never, never>;
}

export interface IdempotencyDatabase {
  idempotency_keys: IdempotencyKeyTable;
}

export async function createIdempotencyKeyTable(db: Kysely<unknown>): Promise<void> {
  await sql`create table idempotency_keys (
    firm_id uuid not null,
    idempotency_key text not null,
    operation text not null,
    request_hash text not null,
    response jsonb,
    created_at timestamptz not null default now(),
    primary key (firm_id, idempotency_key)
  )`.execute(db);
  await enableTenantIsolation(db, 'idempotency_keys');
}

export interface IdempotentRequest {
  firmId: string;
  key: string;
  /** The operation's name, e.g. 'recordTrustDeposit': a key used for another one is a conflict. */
  operation: string;
  /** The request as the caller sent it (without the key); compared by a stable hash. */
  input: unknown;
}

/**
 * Runs a money-moving command once per idempotency key: the first call does the work and stores
 * its JSON answer in the same transaction; a repeat with the same input returns that answer and
 * does nothing; a repeat with different input is CONFLICT. A concurrent repeat waits on the key's
 * row until the first commits. If the work fails, nothing is stored and the key may be retried.
 */
export async function runIdempotent<DB extends IdempotencyDatabase, T>(
  tx: Transaction<DB>,
  request: IdempotentRequest,
  work: () => Promise<T>,
): Promise<T> {
  const keysTx = tx as unknown as Transaction<IdempotencyDatabase>;
  const requestHash = hashRequest(request.operation, request.input);
  const claimed = await keysTx
    .insertInto('idempotency_keys')
    .values({
      firm_id: request.firmId,
      idempotency_key: request.key,
      operation: request.operation,
      request_hash: requestHash,
      response: null,
    })
    .onConflict((conflict) => conflict.columns(['firm_id', 'idempotency_key']).doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  if (!claimed) {
    const earlier = await keysTx
      .selectFrom('idempotency_keys')
      .select(['operation', 'request_hash', 'response'])
      .where('firm_id', '=', request.firmId)
      .where('idempotency_key', '=', request.key)
      .executeTakeFirstOrThrow();
    if (earlier.operation !== request.operation || earlier.request_hash !== requestHash) {
      throw new ConflictError(
        `Idempotency key "${request.key}" was already used for a different ${earlier.operation} request`,
        { idempotencyKey: request.key },
      );
    }
    return earlier.response as T;
  }
  const response = await work();
  await keysTx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response ?? null) })
    .where('firm_id', '=', request.firmId)
    .where('idempotency_key', '=', request.key)
    .execute();
  return response;
}

/** Same input, same hash: object keys are sorted, bigints written as decimal strings. */
function hashRequest(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\0')
    .update(canonicalJson(input))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
