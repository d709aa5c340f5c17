import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * The firm covers a shortage from its operating money, in one or more SHORTAGE_COVER journal
 * entries naming it (source_id). The shortage keeps how much is covered so far, held within the
 * shortage by a check, and the day the last cover closed it; the index lists an account's
 * shortages by date for the bar auditor's first question.
 */
export const shortageCovers: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table shortages
      add column covered_minor bigint not null default 0,
      add column covered_on date,
      add constraint shortages_covered_within check (covered_minor between 0 and shortage_minor),
      add constraint shortages_closed_when_covered
        check ((covered_on is not null) = (covered_minor = shortage_minor))`.execute(db);
    await sql`create index shortages_by_account
      on shortages (firm_id, trust_account_id, detected_on)`.execute(db);
    await sql`create index journal_shortage_covers on journal_entries (firm_id, source_id)
      where entry_type = 'SHORTAGE_COVER'`.execute(db);
  },
};
