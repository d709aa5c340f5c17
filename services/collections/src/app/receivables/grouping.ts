import { sql, type RawBuilder } from 'kysely';

export const GROUP_BYS = [
  'FIRM',
  'CLIENT',
  'MATTER',
  'RESPONSIBLE_PARTNER',
  'PRACTICE_AREA',
] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/**
 * The group key of a row of a table with client_id and matter_id (aliased `x`), joined to its
 * matter (aliased `m`). The expressions are fixed here, never built from input. The uuids are
 * grouped as they are (the driver reads them as text): a cast per row costs more than the grouping.
 */
export function groupKey(groupBy: GroupBy): RawBuilder<string | null> {
  switch (groupBy) {
    case 'FIRM':
      // the caller's firm: every row's firm_id is the same (a constant cannot be grouped by)
      return sql<string>`x.firm_id`;
    case 'CLIENT':
      return sql<string>`x.client_id`;
    case 'MATTER':
      return sql<string>`x.matter_id`;
    case 'RESPONSIBLE_PARTNER':
      return sql<string | null>`m.responsible_partner_id`;
    case 'PRACTICE_AREA':
      return sql<string | null>`m.practice_area_id`;
  }
}

/** Whether the grouping needs the matter joined. */
export function needsMatter(groupBy: GroupBy): boolean {
  return groupBy === 'RESPONSIBLE_PARTNER' || groupBy === 'PRACTICE_AREA';
}
