import { z } from 'zod';
import { envPostgresUrl, loadConfig } from '@lexfin/platform';
import { createDatabase } from './database';
import { migrateToLatest, type Migration } from './migrations';

export interface ServiceMigrations {
  /** The service, as its one line of output names it. */
  service: string;
  /** Its database's name, for the example in a configuration error. */
  database: string;
  migrations: Record<string, Migration>;
  appendOnlyTables?: readonly string[];
}

/**
 * The migrate step of every service (`node dist/main.js migrate`): brings its database to the
 * latest schema as the owner (DATABASE_MIGRATION_URL) and grants the app role what it needs.
 */
export async function runMigrations(
  options: ServiceMigrations,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const config = loadConfig(
    z.object({
      DATABASE_MIGRATION_URL: envPostgresUrl(`postgres://owner@host:5432/${options.database}`),
      DATABASE_APP_ROLE: z.string().default('lexfin_app'),
    }),
    env,
  );
  const database = createDatabase<unknown>({ url: config.DATABASE_MIGRATION_URL, poolSize: 1 });
  try {
    const applied = await migrateToLatest(database.db, {
      migrations: options.migrations,
      appRole: config.DATABASE_APP_ROLE,
      appendOnlyTables: options.appendOnlyTables ?? [],
    });
    process.stdout.write(`${options.service}: ${applied.length} migration(s) applied\n`);
    return applied;
  } finally {
    await database.close();
  }
}
