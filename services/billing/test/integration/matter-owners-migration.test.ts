import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { migrateToLatest } from '@lexfin/persistence';
import { appRole, createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { billingMigrations } from '../../src/db/migrations';
import { billingSchema } from '../../src/db/migrations/0100_billing_schema';
import { firmSettings } from '../../src/db/migrations/0101-firm-settings';

let database: TestDatabase<unknown>;

beforeAll(async () => {
  // A database as deployed before matters had owners.
  database = await createTestDatabase({
    label: 'billing-before-0102',
    migrations: { '0100_billing_schema': billingSchema, '0101_firm_settings': firmSettings },
  });
});

afterAll(() => database.drop());

it('turns typed practice areas into the firm’s list and typed partners into timekeepers', async () => {
  const db = database.owner.db;
  const [firm, other] = [randomUUID(), randomUUID()];
  const clientOf = { [firm]: randomUUID(), [other]: randomUUID() };
  const keeper = { robert: randomUUID(), sam1: randomUUID(), sam2: randomUUID() };
  await sql`insert into clients (id, firm_id, display_name, kind, time_zone, currency) values
    (${clientOf[firm]}, ${firm}, 'A', 'PERSON', 'UTC', 'USD'),
    (${clientOf[other]}, ${other}, 'B', 'PERSON', 'UTC', 'USD')`.execute(db);
  await sql`insert into timekeepers (id, firm_id, name, classification) values
    (${keeper.robert}, ${firm}, 'Robert Arnsley', 'PARTNR'),
    (${keeper.sam1}, ${firm}, 'Sam Lee', 'PARTNR'),
    (${keeper.sam2}, ${firm}, 'Sam Lee', 'ASSOC')`.execute(db);
  const matters: [string, string, string, string][] = [
    [firm, 'M-1', 'Robert Arnsley', 'Litigation'],
    [firm, 'M-2', 'Sam Lee', 'litigation'],
    [firm, 'M-3', 'Nobody Here', 'Tax'],
    [other, 'M-1', 'Robert Arnsley', 'Litigation'],
  ];
  for (const [firmId, number, partner, area] of matters) {
    await sql`insert into matters (id, firm_id, client_id, matter_number, description,
      responsible_partner, practice_area, billing_arrangement, currency, payment_terms_days, opened_on)
      values (${randomUUID()}, ${firmId}, ${clientOf[firmId]}, ${number}, 'x', ${partner}, ${area},
        'HOURLY', 'USD', 30, '2026-01-01')`.execute(db);
  }

  await migrateToLatest(db, { migrations: billingMigrations, appRole: appRole() });

  const { rows } = await sql<{
    firm_id: string;
    matter_number: string;
    responsible_partner_id: string | null;
    area: string;
  }>`select m.firm_id, m.matter_number, m.responsible_partner_id, p.name as area
     from matters m join practice_areas p on p.id = m.practice_area_id
     where p.firm_id = m.firm_id order by m.firm_id = ${firm} desc, m.matter_number`.execute(db);
  // Litigation and litigation are one area, under either spelling.
  const litigation = rows[0]!.area;
  expect(litigation.toLowerCase()).toBe('litigation');
  expect(
    rows.map((row) => [row.firm_id, row.matter_number, row.responsible_partner_id, row.area]),
  ).toEqual([
    [firm, 'M-1', keeper.robert, litigation],
    [firm, 'M-2', null, litigation], // two timekeepers are called Sam Lee
    [firm, 'M-3', null, 'Tax'],
    [other, 'M-1', null, 'Litigation'], // the other firm has no such timekeeper
  ]);
  const areas = await sql<{ n: number }>`select count(*)::int as n from practice_areas`.execute(db);
  expect(areas.rows[0]!.n).toBe(3);
  const forced = await sql<{ relname: string; relforcerowsecurity: boolean }>`
    select relname, relforcerowsecurity from pg_class
    where relname in ('matters', 'practice_areas', 'timekeepers') order by relname`.execute(db);
  expect(forced.rows.every((row) => row.relforcerowsecurity)).toBe(true);
});
