import { sql } from 'kysely';
import { sendWithNext } from '@lexfin/persistence';
import type { CreditFact, FactKind } from '../domain/facts';
import type { CreditTx } from './deps';

/** A fact as an event gives it, before this service records it. */
export type NewFact = Omit<CreditFact, 'recordedAt'>;

/**
 * Appends facts, sent with the transaction's next statement (nothing waits for its answer); a fact
 * already recorded (same event and seq) is left as it is.
 */
export async function recordFacts(
  tx: CreditTx,
  firmId: string,
  facts: readonly NewFact[],
  recordedAt: Date,
): Promise<void> {
  if (facts.length === 0) return;
  const insert = tx
    .insertInto('credit_facts')
    .values(
      facts.map((fact) => ({
        firm_id: firmId,
        event_id: fact.eventId,
        seq: fact.seq,
        client_id: fact.clientId,
        kind: fact.kind,
        matter_id: fact.matterId,
        ref: fact.ref,
        amount_minor: fact.amountMinor,
        currency: fact.currency,
        business_date: fact.businessDate,
        due_date: fact.dueDate,
        days: fact.days,
        occurred_at: new Date(fact.occurredAt),
        recorded_at: recordedAt,
      })),
    )
    .onConflict((conflict) => conflict.columns(['firm_id', 'event_id', 'seq']).doNothing());
  await sendWithNext(tx, insert);
}

/**
 * The instant as `Date.toISOString` writes it, formatted by Postgres: parsing a Date per instant
 * and printing it again was a third of the nightly run's time in JavaScript. Both truncate to the
 * millisecond.
 */
const isoInstant = (column: 'occurred_at' | 'recorded_at') =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A firm's facts, each row a `CreditFact` as it comes from the driver (the columns under the
 * fold's names: no second object per fact); the caller narrows them to its clients.
 */
export function selectFacts(tx: CreditTx, firmId: string) {
  return tx
    .selectFrom('credit_facts')
    .select([
      'event_id as eventId',
      'seq',
      'client_id as clientId',
      'kind',
      'matter_id as matterId',
      'ref',
      'amount_minor as amountMinor',
      'currency',
      'business_date as businessDate',
      'due_date as dueDate',
      'days',
      isoInstant('occurred_at').as('occurredAt'),
      isoInstant('recorded_at').as('recordedAt'),
    ])
    .where('firm_id', '=', firmId)
    .$narrowType<{ kind: FactKind }>();
}

/** The query `loadFacts` runs, for a caller that reads it together with others. */
export function selectClientFacts(
  tx: CreditTx,
  firmId: string,
  clientId: string,
  recordedUpTo?: Date,
) {
  const query = selectFacts(tx, firmId).where('client_id', '=', clientId);
  return recordedUpTo ? query.where('recorded_at', '<=', recordedUpTo) : query;
}

/** A client's facts, all of them or those recorded up to an instant (replay). */
export async function loadFacts(
  tx: CreditTx,
  firmId: string,
  clientId: string,
  recordedUpTo?: Date,
): Promise<CreditFact[]> {
  return selectClientFacts(tx, firmId, clientId, recordedUpTo).execute();
}
