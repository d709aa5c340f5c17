import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { inFirmTransaction, readTogether, withNextStatement } from '../src';
import { testMigrations, type TestSchema } from './fixtures';

let database: TestDatabase<TestSchema>;
const firmId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase<TestSchema>({
    label: 'persistence',
    migrations: testMigrations,
  });
});

afterAll(() => database.drop());

/** What the table holds for a client, read past the tenant policy. */
const storedNames = (clientId: string) =>
  database.owner.db
    .selectFrom('client_replica')
    .select('display_name')
    .where('client_id', '=', clientId)
    .execute();

const clientRow = (name: string) => ({
  firm_id: firmId,
  client_id: randomUUID(),
  display_name: name,
});

describe('statements sent with the next one', () => {
  it('runs a held write before the statement it rides with, in the same transaction', async () => {
    const row = clientRow('held then read');
    const seen = await inFirmTransaction(database.app.db, firmId, async (tx) => {
      await tx.executeQuery(
        withNextStatement(tx.insertInto('client_replica').values(row).compile()),
      );
      return tx
        .selectFrom('client_replica')
        .select('display_name')
        .where('client_id', '=', row.client_id)
        .execute();
    });
    expect(seen).toEqual([{ display_name: 'held then read' }]);
  });

  it('commits a write held to the end of the transaction', async () => {
    const row = clientRow('held to the commit');
    await inFirmTransaction(database.app.db, firmId, (tx) =>
      tx.executeQuery(withNextStatement(tx.insertInto('client_replica').values(row).compile())),
    );
    expect(await storedNames(row.client_id)).toEqual([{ display_name: 'held to the commit' }]);
  });

  it('fails the commit when a held write fails, and keeps nothing of the transaction', async () => {
    const first = clientRow('written before');
    await expect(
      inFirmTransaction(database.app.db, firmId, async (tx) => {
        await tx.insertInto('client_replica').values(first).execute();
        // Another firm's row: the tenant policy refuses it, at the commit's round trip.
        await tx.executeQuery(
          withNextStatement(
            tx
              .insertInto('client_replica')
              .values({ ...clientRow('refused'), firm_id: randomUUID() })
              .compile(),
          ),
        );
      }),
    ).rejects.toThrow(/row-level security/);
    expect(await storedNames(first.client_id)).toEqual([]);
  });

  it('drops held statements of a transaction that fails before sending them', async () => {
    const row = clientRow('never sent');
    await expect(
      inFirmTransaction(database.app.db, firmId, async (tx) => {
        await tx.executeQuery(
          withNextStatement(tx.insertInto('client_replica').values(row).compile()),
        );
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await storedNames(row.client_id)).toEqual([]);
  });

  it('answers independent reads sent together, each with its own rows and types', async () => {
    const row = clientRow('read together');
    await database.owner.db.insertInto('client_replica').values(row).execute();
    const [names, numbers] = await inFirmTransaction(database.app.db, firmId, (tx) =>
      readTogether(tx, [
        tx
          .selectFrom('client_replica')
          .select('display_name')
          .where('client_id', '=', row.client_id),
        sql<{
          big: bigint;
          day: string;
        }>`select 9007199254740993::int8 as big, date '2026-06-30' as day`.compile(tx),
      ]),
    );
    expect(names).toEqual([{ display_name: 'read together' }]);
    expect(numbers).toEqual([{ big: 9007199254740993n, day: '2026-06-30' }]);
  });

  it('leaves the connection usable after a failed batch', async () => {
    await expect(
      inFirmTransaction(database.app.db, firmId, (tx) =>
        readTogether(tx, [sql`select 1 as one`.compile(tx), sql`select 1 / 0`.compile(tx)]),
      ),
    ).rejects.toThrow(/division by zero/);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        inFirmTransaction(database.app.db, firmId, (tx) =>
          sql<{ firm: string }>`select current_setting('app.firm_id') as firm`.execute(tx),
        ),
      ),
    );
    expect(answers.map(({ rows }) => rows[0]!.firm)).toEqual(Array(20).fill(firmId));
  });
});
