import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * A partner may end a case from partner review: who ended it, why, and which invoices it held
 * then. Those invoices take no ladder step until a new past-due item reopens the case. A recall
 * from an agency records why. A hand-off belongs to its case: one open per case, so a case the
 * client settled with the agency leaves none holding the client's next case.
 */
export const caseEndings: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table collection_cases
      add column ended_by text,
      add column end_reason text check (length(end_reason) <= 2000),
      add column ended_invoice_ids uuid[]`.execute(db);
    await sql`alter table agency_handoffs
      add column recall_reason text check (length(recall_reason) <= 2000)`.execute(db);
    await sql`drop index agency_handoffs_one_open`.execute(db);
    await sql`create unique index agency_handoffs_one_open on agency_handoffs (firm_id, case_id)
      where recalled_at is null`.execute(db);
  },
};
