import { createDatabase, migrateToLatest } from '@lexfin/persistence';
import { envPostgresUrl, loadConfig, runMain } from '@lexfin/platform';
import { z } from 'zod';
import { appendOnlyTables, webhookMigrations } from './db/migrations';

// CLI: brings the webhooks database to its latest schema as its owner and grants the app role.
void runMain(async () => {
  const config = loadConfig(
    z.object({
      DATABASE_MIGRATION_URL: envPostgresUrl('postgres://owner@host:5432/lexfin_webhooks'),
      DATABASE_APP_ROLE: z.string().default('lexfin_app'),
    }),
  );
  const database = createDatabase<unknown>({ url: config.DATABASE_MIGRATION_URL, poolSize: 1 });
  try {
    const applied = await migrateToLatest(database.db, {
      migrations: webhookMigrations,
      appRole: config.DATABASE_APP_ROLE,
      appendOnlyTables,
    });
    process.stdout.write(`webhooks: ${applied.length} migration(s) applied\n`);
  } finally {
    await database.close();
  }
});
