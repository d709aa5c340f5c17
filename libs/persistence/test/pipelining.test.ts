import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import {
  createDatabase,
  inFirmTransaction,
  readTogether,
  withNextStatement,
  type Database,
} from '../src';
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

describe('statements sent again and again', () => {
  // One connection, so every transaction below meets the statements the last one left.
  let oneConnection: Database<TestSchema>;
  beforeAll(() => {
    oneConnection = createDatabase<TestSchema>({ url: database.appUrl, poolSize: 1 });
  });
  afterAll(() => oneConnection.close());

  const namesOf = (clientId: string) => (tx: Kysely<TestSchema>) =>
    tx.selectFrom('client_replica').select('display_name').where('client_id', '=', clientId);
  const preparedTexts = () =>
    inFirmTransaction(oneConnection.db, firmId, async (tx) =>
      (
        await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx)
      ).rows.map((row) => row.statement),
    );

  it('parses a statement once per connection and answers each call with its own rows', async () => {
    const rows = ['first', 'second', 'third', 'fourth'].map(clientRow);
    await database.owner.db.insertInto('client_replica').values(rows).execute();
    const answers = [];
    for (const row of rows) {
      answers.push(
        await inFirmTransaction(oneConnection.db, firmId, (tx) =>
          namesOf(row.client_id)(tx).execute(),
        ),
      );
    }
    expect(answers).toEqual(rows.map((row) => [{ display_name: row.display_name }]));
    const text = namesOf(rows[0]!.client_id)(oneConnection.db).compile().sql;
    expect((await preparedTexts()).filter((statement) => statement === text)).toHaveLength(1);
  });

  it('never prepares a select * (a migration adding a column would change its row type)', async () => {
    const row = clientRow('every column');
    await database.owner.db.insertInto('client_replica').values(row).execute();
    const everyColumn = (tx: Kysely<TestSchema>) =>
      tx.selectFrom('client_replica').selectAll().where('client_id', '=', row.client_id);
    for (let call = 0; call < 3; call += 1) {
      expect(
        await inFirmTransaction(oneConnection.db, firmId, (tx) => everyColumn(tx).execute()),
      ).toEqual([expect.objectContaining(row)]);
    }
    const text = everyColumn(oneConnection.db).compile().sql;
    expect(await preparedTexts()).not.toContain(text);
  });

  it('runs a statement whose first Parse the server skipped after an error in its round trip', async () => {
    const row = clientRow('parsed after a failure');
    await database.owner.db.insertInto('client_replica').values(row).execute();
    // A text of its own, which no earlier test has prepared on this connection.
    const read = (tx: Kysely<TestSchema>) =>
      tx
        .selectFrom('client_replica')
        .select(['display_name', 'firm_id'])
        .where('client_id', '=', row.client_id);
    // Seen once: the next call names it, in a round trip where the server skips its Parse.
    await inFirmTransaction(oneConnection.db, firmId, (tx) => read(tx).execute());
    await expect(
      inFirmTransaction(oneConnection.db, firmId, (tx) =>
        readTogether(tx, [sql`select 1 / 0`.compile(tx), read(tx), sql`select 2`.compile(tx)]),
      ),
    ).rejects.toThrow(/division by zero/);
    expect(await inFirmTransaction(oneConnection.db, firmId, (tx) => read(tx).execute())).toEqual([
      { display_name: 'parsed after a failure', firm_id: firmId },
    ]);
  });
});
