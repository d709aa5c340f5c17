/**
 * Names for the statements a service sends again and again, so each pooled connection parses and
 * plans them once (a prepared statement) instead of on every call: for a short command most of
 * PostgreSQL's work is parsing, rewriting under the tenant policies and planning.
 *
 * A statement is named the second time its text is seen, so one-off texts (an `in` list of a new
 * length, a migration) stay unnamed, and at most `NAMED_LIMIT` texts are ever named, which bounds
 * what each connection keeps on the server. A text with a `*` is never named: `select *` and
 * `returning *` change their row type when a migration adds a column, and PostgreSQL refuses to
 * run a prepared statement whose row type changed.
 */
const NAMED_LIMIT = 1_000;
const SEEN_LIMIT = 5_000;

const names = new Map<string, string>();
let seenOnce = new Set<string>();

const namable = (sql: string) =>
  /^\s*(select|insert|update|delete|with)\b/i.test(sql) && !/\*(?!\))/.test(sql);

/** The prepared statement's name for `sql`, or undefined to send it unnamed. */
export function statementName(sql: string): string | undefined {
  const name = names.get(sql);
  if (name !== undefined || names.size >= NAMED_LIMIT || !namable(sql)) return name;
  if (!seenOnce.has(sql)) {
    if (seenOnce.size >= SEEN_LIMIT) seenOnce = new Set();
    seenOnce.add(sql);
    return undefined;
  }
  seenOnce.delete(sql);
  const named = `lexfin_${names.size + 1}`;
  names.set(sql, named);
  return named;
}
