import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * A matter's credit holds, one per source: a person's (who and why) and credit's (the breach it
 * answers). The matter's status stays ON_HOLD while any row remains, so recording work keeps
 * reading the one matter row it locks.
 */
export const creditHoldsBySource: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table matter_credit_holds (
      firm_id uuid not null,
      matter_id uuid not null references matters (id),
      source text not null check (source in ('PERSON', 'CREDIT')),
      placed_by text not null check (length(placed_by) between 1 and 200),
      reason text not null check (length(reason) between 1 and 10000),
      breach_id uuid,
      placed_at timestamptz not null default now(),
      primary key (firm_id, matter_id, source),
      check ((source = 'CREDIT') = (breach_id is not null))
    )`.execute(db);
    await enableTenantIsolation(db, 'matter_credit_holds');
    // Every hold before sources were recorded came from the placeMatterOnCreditHold mutation, so
    // it is a person's; who placed it was not kept.
    await sql`insert into matter_credit_holds (firm_id, matter_id, source, placed_by, reason)
      select firm_id, id, 'PERSON', 'unrecorded', coalesce(credit_hold_reason, 'unrecorded')
      from matters where status = 'ON_HOLD'`.execute(db);
  },
};
