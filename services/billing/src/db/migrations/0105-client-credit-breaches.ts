import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * The client's credit limit breaches as credit reports them, one row per breach (its breached
 * event's id). A breach is active until closed; the client's matters stay on CREDIT hold while
 * any is. A restored event can arrive before its breached event (a dead letter replayed): the row
 * is then written closed, without what the breach was, so the late breached event finds it and
 * places no hold.
 */
export const clientCreditBreaches: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table client_credit_breaches (
      firm_id uuid not null,
      client_id uuid not null references clients (id),
      breach_id uuid not null,
      currency char(3) not null,
      cause text check (cause in ('OVER_LIMIT', 'HOLD_GRADE')),
      reason text check (length(reason) between 1 and 10000),
      opened_at timestamptz,
      closed_at timestamptz,
      -- Its prefix serves every read: the breaches of one client.
      primary key (firm_id, client_id, breach_id),
      check ((cause is null) = (reason is null) and (cause is null) = (opened_at is null)),
      check (opened_at is not null or closed_at is not null)
    )`.execute(db);
    await enableTenantIsolation(db, 'client_credit_breaches');
  },
};
