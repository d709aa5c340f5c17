import { sql, type Kysely, type Transaction } from 'kysely';
import { sendWithNext } from './pipelining-dialect';

/**
 * Runs `work` in one transaction bound to a firm: row-level security policies read
 * `app.firm_id`, so even a query that forgets `WHERE firm_id` sees only this firm's rows.
 */
export async function inFirmTransaction<DB, T>(
  db: Kysely<DB>,
  firmId: string,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await bindFirm(tx, firmId);
    return work(tx);
  });
}

/**
 * Binds the current transaction to a firm (for transactions opened elsewhere). The binding goes
 * out with the transaction's next statement, which it precedes.
 */
export async function bindFirm<DB>(tx: Transaction<DB>, firmId: string): Promise<void> {
  await sendWithNext(tx, sql`select set_config('app.firm_id', ${firmId}, true)`);
}

/**
 * Migration step: turns on row-level security for a table with a `firm_id uuid` column.
 * FORCE makes the policy bind the table owner too; only superusers (never the app role) bypass it.
 */
export async function enableTenantIsolation(db: Kysely<unknown>, table: string): Promise<void> {
  const name = sql.table(table);
  await sql`alter table ${name} enable row level security`.execute(db);
  await sql`alter table ${name} force row level security`.execute(db);
  await sql`create policy tenant_isolation on ${name}
    using (firm_id = nullif(current_setting('app.firm_id', true), '')::uuid)
    with check (firm_id = nullif(current_setting('app.firm_id', true), '')::uuid)`.execute(db);
}
