import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * Who owns a matter: its responsible partner and originating timekeeper are timekeepers, and its
 * practice area is one of the firm's list, so aging and KPIs can group by them.
 */
export const matterOwnersPracticeAreas: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table practice_areas (
      id uuid primary key,
      firm_id uuid not null,
      name text not null check (length(name) between 1 and 200),
      retired_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create unique index practice_areas_by_name on practice_areas
      (firm_id, lower(name))`.execute(db);
    await enableTenantIsolation(db, 'practice_areas');

    await sql`alter table matters
      add column practice_area_id uuid references practice_areas (id),
      add column responsible_partner_id uuid references timekeepers (id),
      add column originating_timekeeper_id uuid references timekeepers (id),
      alter column responsible_partner drop not null`.execute(db);

    // The backfill reads every firm's rows: the owner runs it past row-level security, which is
    // forced again right after.
    for (const table of ['matters', 'practice_areas', 'timekeepers']) {
      await sql`alter table ${sql.table(table)} no force row level security`.execute(db);
    }
    // Each practice area typed on a matter becomes one of its firm's list.
    await sql`insert into practice_areas (id, firm_id, name)
      select gen_random_uuid(), firm_id, min(practice_area)
      from matters group by firm_id, lower(practice_area)`.execute(db);
    await sql`update matters m set practice_area_id = p.id
      from practice_areas p
      where p.firm_id = m.firm_id and lower(p.name) = lower(m.practice_area)`.execute(db);
    // A partner typed by name is that timekeeper when the name is one timekeeper's only; the
    // name stays on the matter (responsible_partner) for those it is not.
    await sql`update matters m set responsible_partner_id = t.id
      from timekeepers t
      where t.firm_id = m.firm_id and t.name = m.responsible_partner
        and (select count(*) from timekeepers same
             where same.firm_id = m.firm_id and same.name = m.responsible_partner) = 1`.execute(db);
    for (const table of ['matters', 'practice_areas', 'timekeepers']) {
      await sql`alter table ${sql.table(table)} force row level security`.execute(db);
    }

    await sql`alter table matters
      alter column practice_area_id set not null,
      drop column practice_area`.execute(db);
    await sql`create index matters_by_partner on matters
      (firm_id, responsible_partner_id)`.execute(db);
    await sql`create index matters_by_practice_area on matters
      (firm_id, practice_area_id)`.execute(db);
  },
};
