import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  createDatabase,
  databaseUrlFor,
  ensureRole,
  migrateToLatest,
  schemaFingerprint,
  type Database,
  type Migration,
} from '@lexfin/persistence';
import { adminUrl, appRole } from './test-env';

export interface TestDatabase<DB> {
  name: string;
  /** Connected as the service's app role: row-level security and grants apply, as in production. */
  app: Database<DB>;
  /** Connected as the owner (superuser in tests): for set-up and for checking what RLS hides. */
  owner: Database<DB>;
  appUrl: string;
  ownerUrl: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Short name of the service or lib, part of the database name. */
  label: string;
  migrations?: Record<string, Migration>;
  appendOnlyTables?: readonly string[];
}

/**
 * A fresh, migrated database for one test file, cloned from a template that is migrated once per
 * schema version (CREATE DATABASE ... TEMPLATE is a file copy: far faster than migrating).
 */
export async function createTestDatabase<DB>(
  options: TestDatabaseOptions,
): Promise<TestDatabase<DB>> {
  const migrations = options.migrations ?? {};
  const template = `lexfin_tpl_${options.label.replace(/[^a-z0-9]/g, '_')}_${schemaFingerprint(migrations)}`;
  const name = `lexfin_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Jest's global setup makes the role too; a benchmark run outside jest needs it here.
    await ensureRole(admin, appRole());
    // One worker builds a template while the others wait for it.
    await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0)
      await buildTemplate(admin, template, migrations, options.appendOnlyTables ?? []);
    await admin.query(`create database "${name}" template "${template}"`);
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
  } finally {
    await admin.end();
  }
  const appUrl = databaseUrlFor(adminUrl(), name, appRole());
  const ownerUrl = databaseUrlFor(adminUrl(), name);
  const app = createDatabase<DB>({
    url: appUrl,
    poolSize: 8,
    applicationName: `test-${options.label}`,
  });
  const owner = createDatabase<DB>({
    url: ownerUrl,
    poolSize: 2,
    applicationName: `test-${options.label}-owner`,
  });
  return {
    name,
    app,
    owner,
    appUrl,
    ownerUrl,
    async drop() {
      await Promise.all([app.close(), owner.close()]);
      await dropDatabase(name);
    },
  };
}

async function buildTemplate(
  admin: pg.Client,
  template: string,
  migrations: Record<string, Migration>,
  appendOnlyTables: readonly string[],
): Promise<void> {
  const building = `${template}_building`;
  await admin.query(`drop database if exists "${building}"`);
  await admin.query(`create database "${building}"`);
  const owner = createDatabase<unknown>({ url: databaseUrlFor(adminUrl(), building), poolSize: 1 });
  try {
    await migrateToLatest(owner.db, { migrations, appRole: appRole(), appendOnlyTables });
  } finally {
    await owner.close();
  }
  await admin.query(`alter database "${building}" rename to "${template}"`);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
