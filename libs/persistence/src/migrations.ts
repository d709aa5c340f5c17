import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { createIdempotencyKeyTable } from './idempotency';
import { createInboxTable } from './inbox-table';
import { createOutboxTable } from './outbox-table';

export type { Migration } from 'kysely/migration';

/** Tables every service has, migrated before its own. */
const platformMigrations: Record<string, Migration> = {
  '0000_platform_outbox': { up: (db) => createOutboxTable(db) },
  '0001_platform_inbox': { up: (db) => createInboxTable(db) },
  '0002_platform_idempotency_keys': { up: (db) => createIdempotencyKeyTable(db) },
};

export interface MigrateOptions {
  /** The service's migrations by name; names sort in the order they run. */
  migrations: Record<string, Migration>;
  /** The role the service runs as: it gets SELECT/INSERT/UPDATE/DELETE, never DDL. */
  appRole: string;
  /** Tables the app role may only read and append to (journals): no UPDATE, no DELETE. */
  appendOnlyTables?: readonly string[];
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

/** Brings a service database to its latest schema and sets the app role's grants. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: MigrateOptions,
): Promise<string[]> {
  const all = { ...platformMigrations, ...options.migrations };
  const provider: MigrationProvider = { getMigrations: async () => all };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(none)'} failed: ${reason}`);
  }
  await grantAppRole(db, options.appRole, options.appendOnlyTables ?? []);
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

async function grantAppRole(
  db: Kysely<unknown>,
  appRole: string,
  appendOnlyTables: readonly string[],
): Promise<void> {
  const role = sql.id(appRole);
  await sql`grant usage on schema public to ${role}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(
    db,
  );
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(db);
  await sql`revoke all on schema_migrations, schema_migrations_lock from ${role}`.execute(db);
  for (const table of appendOnlyTables) {
    await sql`revoke update, delete, truncate on ${sql.table(table)} from ${role}`.execute(db);
  }
}

/** A digest of every migration a service database would run (test templates are keyed by it). */
export function schemaFingerprint(migrations: Record<string, Migration>): string {
  const hash = createHash('sha256');
  for (const [name, migration] of Object.entries({ ...platformMigrations, ...migrations }).sort(
    ([a], [b]) => a.localeCompare(b),
  )) {
    hash
      .update(name)
      .update(migration.up.toString())
      .update(String(migration.down ?? ''));
  }
  hash
    .update(createOutboxTable.toString())
    .update(createInboxTable.toString())
    .update(createIdempotencyKeyTable.toString())
    .update(grantAppRole.toString());
  return hash.digest('hex').slice(0, 12);
}
