import pg from 'pg';

/** A statement as Kysely compiles it. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** What pg's Query does on the wire, which its typings leave out. */
interface QueryInternals {
  text: string;
  values: unknown[];
  _results: pg.QueryResult | pg.QueryResult[];
  prepare(connection: unknown): void;
  _getRows(connection: unknown, rows: number | undefined): void;
  handleError(error: Error, connection: unknown): void;
}

/**
 * Several statements in one round trip: each parsed, bound, described and executed with the
 * extended protocol and one Sync after the last (PostgreSQL answers them in order; after an error
 * it skips the rest up to the Sync). pg writes them in one corked write. The callback gets every
 * statement's result, in order, or the first error.
 */
export function pipelinedQuery(
  statements: readonly Statement[],
  callback: (error: Error | null, results: pg.QueryResult[]) => void,
): pg.Query {
  let last = false;
  let failed = false;
  const config = { text: statements[0]!.sql, queryMode: 'extended' };
  const query = new pg.Query(config as pg.QueryConfig, undefined, ((
    error: Error | null,
    results: pg.QueryResult | pg.QueryResult[],
  ) => callback(error, Array.isArray(results) ? results : [results])) as never);
  const internals = query as unknown as QueryInternals;
  const prepare = internals.prepare.bind(query);
  const getRows = internals._getRows.bind(query);
  const handleError = internals.handleError.bind(query);
  internals.prepare = (connection) => {
    for (const [index, statement] of statements.entries()) {
      if (failed) return;
      internals.text = statement.sql;
      internals.values = [...statement.parameters];
      last = index === statements.length - 1;
      prepare(connection);
    }
  };
  // pg syncs after each execute; only the last statement may.
  internals._getRows = (connection, rows) => {
    if (last) getRows(connection, rows);
    else (connection as { execute(portal: { portal: string }): void }).execute({ portal: '' });
  };
  // A value pg could not serialise: pg has already synced and answered; send nothing more.
  internals.handleError = (error, connection) => {
    failed = true;
    handleError(error, connection);
  };
  return query;
}
