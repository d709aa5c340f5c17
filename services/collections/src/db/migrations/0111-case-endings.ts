import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * A partner may end a case from partner review: who ended it, why, and which invoices it held
 * then. Those invoices take no ladder step until a new past-due item reopens the case. A recall
 * from an agency records why.
 */
export const caseEndings: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table collection_cases
      add column ended_by text,
      add column end_reason text check (length(end_reason) <= 2000),
      add column ended_invoice_ids uuid[]`.execute(db);
    await sql`alter table agency_handoffs
      add column recall_reason text check (length(recall_reason) <= 2000)`.execute(db);
  },
};
