import pg from 'pg';

/**
 * Creates a service's database and its app role when missing (development, tests, first deploy).
 * Runs with an administrative connection; production may provision both by other means.
 */
export async function ensureServiceDatabase(
  adminUrl: string,
  database: string,
  appRole: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await ensureRole(client, appRole);
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client
        .query(`create database ${quoteIdent(database)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently by another process
        });
    }
  } finally {
    await client.end();
  }
}

/** The app role: may log in, is never a superuser and never bypasses row-level security. */
export async function ensureRole(client: pg.Client, role: string): Promise<void> {
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  if (exists.rowCount === 0) {
    await client
      .query(`create role ${quoteIdent(role)} login nosuperuser nobypassrls`)
      .catch((error: { code?: string }) => {
        if (error.code !== '42710' && error.code !== '23505') throw error; // created concurrently
      });
  }
}

/** Swaps user and database in a URL: the app connects as its role to its service database. */
export function databaseUrlFor(adminUrl: string, database: string, user?: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
}

function quoteIdent(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier))
    throw new Error(`not a safe SQL identifier: ${identifier}`);
  return `"${identifier}"`;
}
