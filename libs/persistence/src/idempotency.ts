import { createHash } from 'node:crypto';
import { sql, type ColumnType, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { ConflictError } from '@lexfin/platform';
import { sendWithNext } from './pipelining-dialect';
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

/** What became of one request's key: new to us, answered before, or used for something else. */
export type IdempotencyClaim =
  | { status: 'claimed' }
  | { status: 'repeat'; response: unknown }
  | { status: 'conflict'; error: ConflictError };

/**
 * Claims the keys of several requests of one firm in one statement (in key order, so two
 * transactions claiming overlapping keys never deadlock). A claimed key is the caller's until
 * its transaction ends: store the answer with `storeIdempotentResponses`, or give the key back
 * with `releaseIdempotencyKeys` when the request failed. A key another transaction is claiming
 * waits for it. Keys must be distinct; the claims come back in the order of `requests`.
 */
export async function claimIdempotencyKeys<DB extends IdempotencyDatabase>(
  tx: Transaction<DB>,
  firmId: string,
  requests: readonly Omit<IdempotentRequest, 'firmId'>[],
): Promise<IdempotencyClaim[]> {
  const keys = requests.map((request) => request.key);
  if (new Set(keys).size !== keys.length)
    throw new Error('idempotency keys of one claim must be distinct');
  const hashes = requests.map((request) => hashRequest(request.operation, request.input));
  const claimed = await sql<{ idempotency_key: string }>`
    insert into idempotency_keys (firm_id, idempotency_key, operation, request_hash)
    select ${firmId}::uuid, key, operation, request_hash
    from unnest(${keys}::text[], ${requests.map((request) => request.operation)}::text[], ${hashes}::text[])
      as requested(key, operation, request_hash)
    order by key
    on conflict (firm_id, idempotency_key) do nothing
    returning idempotency_key`.execute(tx);
  const claimedKeys = new Set(claimed.rows.map((row) => row.idempotency_key));
  const repeated = keys.filter((key) => !claimedKeys.has(key));
  const earlier = new Map<string, { operation: string; request_hash: string; response: unknown }>();
  if (repeated.length > 0) {
    const rows = await (tx as unknown as Transaction<IdempotencyDatabase>)
      .selectFrom('idempotency_keys')
      .select(['idempotency_key', 'operation', 'request_hash', 'response'])
      .where('firm_id', '=', firmId)
      .where('idempotency_key', 'in', repeated)
      .execute();
    for (const row of rows) earlier.set(row.idempotency_key, row);
  }
  return requests.map((request, index): IdempotencyClaim => {
    if (claimedKeys.has(request.key)) return { status: 'claimed' };
    const first = earlier.get(request.key)!;
    if (first.operation !== request.operation || first.request_hash !== hashes[index]) {
      return {
        status: 'conflict',
        error: new ConflictError(
          `Idempotency key "${request.key}" was already used for a different ${first.operation} request`,
          { idempotencyKey: request.key },
        ),
      };
    }
    return { status: 'repeat', response: first.response };
  });
}

/**
 * Stores the answers of claimed keys (JSON), so that repeats get them back. The update goes out
 * with the transaction's next statement (often its commit), which it precedes.
 */
export async function storeIdempotentResponses<DB extends IdempotencyDatabase>(
  tx: Transaction<DB>,
  firmId: string,
  answers: readonly { key: string; response: unknown }[],
): Promise<void> {
  if (answers.length > 0) {
    await sendWithNext(tx, idempotentResponsesUpdate(firmId, answers));
  }
}

/**
 * The statement `storeIdempotentResponses` runs, for a caller that runs it inside one of its
 * own (as a data-modifying WITH query) to save a round trip.
 */
export function idempotentResponsesUpdate(
  firmId: string,
  answers: readonly { key: string; response: unknown }[],
): RawBuilder<unknown> {
  return sql`
    update idempotency_keys set response = answered.response
    from unnest(${answers.map((answer) => answer.key)}::text[],
                ${answers.map((answer) => JSON.stringify(answer.response ?? null))}::jsonb[])
      as answered(key, response)
    where idempotency_keys.firm_id = ${firmId}::uuid
      and idempotency_keys.idempotency_key = answered.key`;
}

/** Gives back claimed keys whose requests failed: nothing is stored and each may be retried. */
export async function releaseIdempotencyKeys<DB extends IdempotencyDatabase>(
  tx: Transaction<DB>,
  firmId: string,
  keys: readonly string[],
): Promise<void> {
  if (keys.length > 0) await idempotencyKeysRelease(firmId, keys).execute(tx);
}

/** The statement `releaseIdempotencyKeys` runs, to run inside a larger one. */
export function idempotencyKeysRelease(
  firmId: string,
  keys: readonly string[],
): RawBuilder<unknown> {
  return sql`
    delete from idempotency_keys
    where firm_id = ${firmId}::uuid and idempotency_key = any(${keys}::text[])`;
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
  const [claim] = await claimIdempotencyKeys(tx, request.firmId, [request]);
  if (claim!.status === 'conflict') throw claim!.error;
  if (claim!.status === 'repeat') return claim!.response as T;
  const response = await work();
  await storeIdempotentResponses(tx, request.firmId, [{ key: request.key, response }]);
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
