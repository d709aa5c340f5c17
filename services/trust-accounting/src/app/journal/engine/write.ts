import { sql, type RawBuilder, type Transaction } from 'kysely';
import {
  idempotencyKeysRelease,
  idempotentResponsesUpdate,
  outboxInsert,
  outboxWakeUp,
} from '@lexfin/persistence';
import type { TrustDatabase } from '../../../db/schema';
import type { ChangedRow, Decided, RecordedRow } from './types';

export interface BatchWrite {
  firmId: string;
  trustAccountId: string;
  decided: Decided;
  answers: readonly { key: string; response: unknown }[];
  releasedKeys: readonly string[];
}

/**
 * Everything the batch changes, events included, in one statement of data-modifying WITH queries
 * (the foreign keys from deposits, disbursements and transfers to their entries are checked at
 * its end).
 */
export async function writeBatch(tx: Transaction<TrustDatabase>, batch: BatchWrite): Promise<void> {
  const { decided } = batch;
  const writes: RawBuilder<unknown>[] = [];
  const moved = decided.ledgers.filter(
    (state) =>
      state.balanceMinor !== state.row.balance_minor ||
      state.unclearedMinor !== state.row.uncleared_minor,
  );
  if (moved.length > 0) {
    writes.push(sql`
      update ledgers set balance_minor = moved.balance, uncleared_minor = moved.uncleared
      from unnest(${moved.map((state) => state.row.id)}::uuid[],
                  ${moved.map((state) => state.balanceMinor.toString())}::bigint[],
                  ${moved.map((state) => state.unclearedMinor.toString())}::bigint[])
        as moved(id, balance, uncleared)
      where ledgers.id = moved.id`);
  }
  const reserved = decided.invoices.filter(
    (state) => state.unappliedTransfersMinor !== state.row.unapplied_transfers_minor,
  );
  if (reserved.length > 0) {
    writes.push(sql`
      update invoices set unapplied_transfers_minor = reserved.unapplied
      from unnest(${reserved.map((state) => state.row.invoice_id)}::uuid[],
                  ${reserved.map((state) => state.unappliedTransfersMinor.toString())}::bigint[])
        as reserved(invoice_id, unapplied)
      where invoices.firm_id = ${batch.firmId}::uuid and invoices.invoice_id = reserved.invoice_id`);
  }
  const entries = decided.entries.map((entry) => entry.row);
  if (entries.length > 0) {
    writes.push(sql`${tx.insertInto('journal_entries').values(entries)}`);
    const last = entries.at(-1)!;
    writes.push(
      sql`${tx
        .updateTable('trust_accounts')
        .set({ journal_sequence: last.sequence, journal_head_hash: last.hash })
        .where('id', '=', batch.trustAccountId)}`,
    );
  }
  writes.push(...recordedRowInserts(tx, decided), ...changedRowUpdates(tx, decided));
  if (batch.answers.length > 0) writes.push(idempotentResponsesUpdate(batch.firmId, batch.answers));
  if (batch.releasedKeys.length > 0) {
    writes.push(idempotencyKeysRelease(batch.firmId, batch.releasedKeys));
  }
  const events = decided.verdicts.flatMap((verdict) => (verdict.ok ? verdict.decision.events : []));
  if (events.length > 0) writes.push(outboxInsert(events));
  await sql`with ${sql.join(
    writes.map((write, index) => sql`${sql.id(`write_${index}`)} as (${write})`),
  )} select ${events.length > 0 ? outboxWakeUp : sql`1`}`.execute(tx);
}

/** One insert per table for the rows the accepted commands recorded. */
function recordedRowInserts(
  tx: Transaction<TrustDatabase>,
  decided: Decided,
): RawBuilder<unknown>[] {
  const recorded = decided.verdicts.flatMap((verdict) => (verdict.ok ? verdict.decision.rows : []));
  const of = <Table extends RecordedRow['table']>(table: Table) =>
    recorded.flatMap((entry) =>
      entry.table === table ? [entry.row as Extract<RecordedRow, { table: Table }>['row']] : [],
    );
  const inserts: RawBuilder<unknown>[] = [];
  const deposits = of('deposits');
  if (deposits.length > 0) inserts.push(sql`${tx.insertInto('deposits').values(deposits)}`);
  const disbursements = of('disbursements');
  if (disbursements.length > 0) {
    inserts.push(sql`${tx.insertInto('disbursements').values(disbursements)}`);
  }
  const transfers = of('operating_transfers');
  if (transfers.length > 0) {
    inserts.push(sql`${tx.insertInto('operating_transfers').values(transfers)}`);
  }
  const shortages = of('shortages');
  if (shortages.length > 0) inserts.push(sql`${tx.insertInto('shortages').values(shortages)}`);
  return inserts;
}

/**
 * The changes to the rows commands work on (a batch of one command each: each row is changed
 * once in the statement, as PostgreSQL requires of data-modifying WITH queries).
 */
function changedRowUpdates(
  tx: Transaction<TrustDatabase>,
  decided: Decided,
): RawBuilder<unknown>[] {
  return decided.verdicts.flatMap((verdict) =>
    verdict.ok ? (verdict.decision.changes ?? []).map((change) => rowUpdate(tx, change)) : [],
  );
}

function rowUpdate(tx: Transaction<TrustDatabase>, change: ChangedRow): RawBuilder<unknown> {
  switch (change.table) {
    case 'deposits':
      return sql`${tx.updateTable('deposits').set(change.set).where('id', '=', change.id)}`;
    case 'disbursements':
      return sql`${tx.updateTable('disbursements').set(change.set).where('id', '=', change.id)}`;
    case 'shortages':
      return sql`${tx.updateTable('shortages').set(change.set).where('id', '=', change.id)}`;
  }
}
