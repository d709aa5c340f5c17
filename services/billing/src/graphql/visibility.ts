import { NotFoundError } from '@lexfin/platform';
import { allow, type Caller } from '@lexfin/service-kit';
import { Roles } from '../app/roles';

/**
 * Whether the caller may see a row that belongs to a client: staff see all the firm's rows; a
 * client_portal login only its own client's, and never a draft invoice. Hidden rows are not found.
 */
export function visibleTo<Row extends { client_id: string; status?: string }>(
  caller: Caller,
  row: Row | null | undefined,
): Row | null {
  if (!row) return null;
  allow(caller, Roles.clientRead);
  if (caller.clientId === undefined) return row;
  return row.client_id === caller.clientId && row.status !== 'DRAFT' ? row : null;
}

export function found<Row>(row: Row | null, what: string, id: string): Row {
  if (row === null) throw new NotFoundError(`No such ${what}`, { id });
  return row;
}
