import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * Which steps work, and reminders around arrangements.
 *
 * The client's segment (credit grade) at the moment of a contact, so the effectiveness report
 * reads it as it was then (a grade changes); rows logged before it stay null and are reported
 * as UNKNOWN. The report reads a firm's contacts by time, its promises by pay-by date and its
 * plans by the date they ended.
 *
 * An instalment reminder records the contact that carries it, so a claim that lapses (the
 * worker died before the outcome) or fails gives the reminder back. A dispute's owner is
 * reminded of its deadline by a work item assigned to that person.
 */
export const stepsAndReminders: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table contact_log add column segment text`.execute(db);
    await sql`create index contact_log_by_time on contact_log (firm_id, at)`.execute(db);
    await sql`create index promises_by_pay_by on promises_to_pay (firm_id, pay_by)
      where outcome is not null`.execute(db);
    await sql`create index payment_plans_by_outcome on payment_plans (firm_id, outcome_on)
      where outcome_on is not null`.execute(db);
    await sql`alter table plan_instalments
      add column reminder_contact_id uuid references contact_log (id)`.execute(db);
    await sql`alter table work_items add column assigned_to text`.execute(db);
    await sql`alter table work_items drop constraint work_items_kind_check`.execute(db);
    await sql`alter table work_items add constraint work_items_kind_check check (kind in
      ('CALL_TASK', 'PARTNER_REVIEW', 'AGENCY_HANDOFF', 'WRITE_OFF_RECOMMENDATION',
       'CONTACT_BY_HAND', 'DISPUTE_DEADLINE'))`.execute(db);
  },
};
