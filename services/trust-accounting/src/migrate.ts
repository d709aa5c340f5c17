import { createDatabase, migrateToLatest } from '@lexfin/persistence';
import { envPostgresUrl, loadConfig, runMain } from '@lexfin/platform';
import { z } from 'zod';
import { appendOnlyTables, trustMigrations } from './db/migrations';

// CLI: brings the trust database to its latest schema as its owner and grants the app role.
void runMain(async () => {
  const config = loadConfig(
    z.object({
      DATABASE_MIGRATION_URL: envPostgresUrl('postgres://owner@host:5432/lexfin_trust'),
      DATABASE_APP_ROLE: z.string().default('lexfin_app'),
    }),
  );
  const database = createDatabase<unknown>({ url: config.DATABASE_MIGRATION_URL, poolSize: 1 });
  try {
    const applied = await migrateToLatest(database.db, {
      migrations: trustMigrations,
      appRole: config.DATABASE_APP_ROLE,
      appendOnlyTables,
    });
    process.stdout.write(`trust-accounting: ${applied.length} migration(s) applied\n`);
  } finally {
    await database.close();
  }
});
