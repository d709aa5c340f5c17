import type { RestRoute } from '@lexfin/service-kit';
import type { CollectionsDependencies } from '../app/collections-scope';

/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; a text
 * field a spreadsheet would run as a formula (=, +, -, @ first, e.g. a client's name) gets a
 * leading apostrophe. Amounts are written by us and never start with those except a minus sign.
 */
function csvField(value: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header row and data rows; the columns listed in `textColumns` are free text. */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns: readonly number[],
): string {
  const lines = [header, ...rows].map((row) =>
    row.map((value, index) => csvField(value, textColumns.includes(index))).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

type Reply = Parameters<RestRoute<CollectionsDependencies>['handle']>[1];

/** A CSV download named `name`.csv. */
export function csvReply(reply: Reply, name: string, body: string): Reply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(body);
}
