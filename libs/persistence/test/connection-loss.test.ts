import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { testMigrations, type TestSchema } from './fixtures';

let database: TestDatabase<TestSchema>;

beforeAll(async () => {
  database = await createTestDatabase<TestSchema>({
    label: 'persistence-loss',
    migrations: testMigrations,
  });
});

afterAll(() => database.drop());

describe('a connection that PostgreSQL ends while a transaction holds it', () => {
  it('fails that transaction and leaves the service running to take the next one', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const transaction = database.app.db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
        // Terminated from outside, as an operator or a failover would, while this client is
        // checked out of the pool (the pool then has no error listener of its own on it).
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(database.owner.db);
        await sql`select pg_sleep(0.2)`.execute(tx);
      });
      await expect(transaction).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.app.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
