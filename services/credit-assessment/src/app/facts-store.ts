import type { Selectable } from 'kysely';
import type { CreditFact, FactKind } from '../domain/facts';
import type { CreditFactsTable } from '../db/schema';
import type { CreditTx } from './deps';

/** A fact as an event gives it, before this service records it. */
export type NewFact = Omit<CreditFact, 'recordedAt'>;

/** Appends facts; a fact already recorded (same event and seq) is left as it is. */
export async function recordFacts(
  tx: CreditTx,
  firmId: string,
  facts: readonly NewFact[],
  recordedAt: Date,
): Promise<void> {
  if (facts.length === 0) return;
  await tx
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
    .onConflict((conflict) => conflict.columns(['firm_id', 'event_id', 'seq']).doNothing())
    .execute();
}

export function factOfRow(row: Selectable<CreditFactsTable>): CreditFact {
  return {
    eventId: row.event_id,
    seq: row.seq,
    clientId: row.client_id,
    kind: row.kind as FactKind,
    matterId: row.matter_id,
    ref: row.ref,
    amountMinor: row.amount_minor,
    currency: row.currency,
    businessDate: row.business_date,
    dueDate: row.due_date,
    days: row.days,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}

/** A client's facts, all of them or those recorded up to an instant (replay). */
export async function loadFacts(
  tx: CreditTx,
  firmId: string,
  clientId: string,
  recordedUpTo?: Date,
): Promise<CreditFact[]> {
  let query = tx
    .selectFrom('credit_facts')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId);
  if (recordedUpTo) query = query.where('recorded_at', '<=', recordedUpTo);
  const rows = await query.execute();
  return rows.map(factOfRow);
}
