import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { inFirmTransaction } from '../src';
import { testMigrations, type TestSchema } from './fixtures';

let database: TestDatabase<TestSchema>;
const firmA = randomUUID();
const firmB = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase<TestSchema>({
    label: 'persistence',
    migrations: testMigrations,
  });
  await database.owner.db
    .insertInto('client_replica')
    .values([
      { firm_id: firmA, client_id: randomUUID(), display_name: 'Acme LLP client' },
      { firm_id: firmB, client_id: randomUUID(), display_name: 'Other firm client' },
    ])
    .execute();
});

afterAll(() => database.drop());

describe('row-level security', () => {
  it('shows firm A only its own rows even when the query forgets WHERE firm_id', async () => {
    const rows = await inFirmTransaction(database.app.db, firmA, (tx) =>
      tx.selectFrom('client_replica').selectAll().execute(),
    );
    expect(rows.map((row) => row.firm_id)).toEqual([firmA]);
  });

  it('shows nothing to a query outside any firm', async () => {
    const rows = await database.app.db.selectFrom('client_replica').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it("refuses to write a row for firm B inside firm A's transaction", async () => {
    await expect(
      inFirmTransaction(database.app.db, firmA, (tx) =>
        tx
          .insertInto('client_replica')
          .values({ firm_id: firmB, client_id: randomUUID(), display_name: 'smuggled' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot change or delete firm B's rows from firm A's transaction", async () => {
    const [updated, deleted] = await inFirmTransaction(database.app.db, firmA, async (tx) => [
      await tx
        .updateTable('client_replica')
        .set({ display_name: 'hijacked' })
        .where('firm_id', '=', firmB)
        .executeTakeFirst(),
      await tx.deleteFrom('client_replica').where('firm_id', '=', firmB).executeTakeFirst(),
    ]);
    expect(updated.numUpdatedRows).toBe(0n);
    expect(deleted.numDeletedRows).toBe(0n);
    const firmBRows = await database.owner.db
      .selectFrom('client_replica')
      .selectAll()
      .where('firm_id', '=', firmB)
      .execute();
    expect(firmBRows.map((row) => row.display_name)).toEqual(['Other firm client']);
  });
});
