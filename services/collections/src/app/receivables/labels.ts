import { sql, type Transaction } from 'kysely';
import type { CollectionsDatabase } from '../../db/schema';
import type { GroupBy } from './grouping';

/** What a person reads for each group key: a client's name, a matter's number, an area's name. */
export async function groupLabels(
  tx: Transaction<CollectionsDatabase>,
  groupBy: GroupBy,
  keys: readonly (string | null)[],
): Promise<Map<string | null, string>> {
  const ids = [...new Set(keys.filter((key): key is string => key !== null))];
  // One array parameter, not one parameter per key: a report may name 20,000 clients.
  const labels = new Map<string | null, string>([[null, 'Not recorded']]);
  if (ids.length === 0) return labels;
  if (groupBy === 'FIRM') {
    for (const id of ids) labels.set(id, 'Firm');
    return labels;
  }
  if (groupBy === 'CLIENT') {
    const rows = await tx
      .selectFrom('clients')
      .select(['client_id', 'display_name'])
      .where(sql<boolean>`client_id = any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) labels.set(row.client_id, row.display_name);
  } else if (groupBy === 'MATTER') {
    const rows = await tx
      .selectFrom('matters')
      .select(['matter_id', 'matter_number'])
      .where(sql<boolean>`matter_id = any(${ids}::uuid[])`)
      .execute();
    for (const row of rows) labels.set(row.matter_id, row.matter_number);
  } else if (groupBy === 'PRACTICE_AREA') {
    const rows = await tx
      .selectFrom('matters')
      .select(['practice_area_id', 'practice_area'])
      .where(sql<boolean>`practice_area_id = any(${ids}::uuid[])`)
      .distinctOn('practice_area_id')
      .execute();
    for (const row of rows) labels.set(row.practice_area_id, row.practice_area ?? 'Not recorded');
  }
  // Partners are timekeepers billing names in its own subgraph: the id is the label here.
  for (const id of ids) if (!labels.has(id)) labels.set(id, id);
  return labels;
}
