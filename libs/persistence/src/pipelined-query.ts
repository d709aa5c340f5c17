import pg from 'pg';
import { statementName } from './statement-names';

/** A statement as Kysely compiles it. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** What pg's connection knows of the statements prepared on its session. */
export interface PreparedStatements {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/** What pg's Query does on the wire, which its typings leave out. */
interface QueryInternals {
  name: string | undefined;
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
 * statement's result, in order, or the first error. A statement `statementName` names is parsed
 * once per connection; `prepared` says whether one was parsed in this round trip, since after an
 * error the server may have skipped that Parse while pg counts it as done.
 */
export function pipelinedQuery(
  statements: readonly Statement[],
  callback: (error: Error | null, results: pg.QueryResult[], prepared: boolean) => void,
): pg.Query {
  let prepared = false;
  let last = false;
  let failed = false;
  const config = { text: statements[0]!.sql, queryMode: 'extended' };
  const query = new pg.Query(config as pg.QueryConfig, undefined, ((
    error: Error | null,
    results: pg.QueryResult | pg.QueryResult[],
  ) => callback(error, Array.isArray(results) ? results : [results], prepared)) as never);
  const internals = query as unknown as QueryInternals;
  const prepare = internals.prepare.bind(query);
  const getRows = internals._getRows.bind(query);
  const handleError = internals.handleError.bind(query);
  internals.prepare = (connection) => {
    for (const [index, statement] of statements.entries()) {
      if (failed) return;
      internals.name = statementName(statement.sql);
      internals.text = statement.sql;
      internals.values = [...statement.parameters];
      const known = connection as PreparedStatements;
      if (
        internals.name !== undefined &&
        known.parsedStatements[internals.name] === undefined &&
        known.submittedNamedStatements[internals.name] === undefined
      ) {
        prepared = true;
      }
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
