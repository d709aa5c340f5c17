import type { Transaction } from 'kysely';
import { Money } from '@lexfin/money';
import { BadUserInputError, NotFoundError } from '@lexfin/platform/errors';
import type { Caller } from '@lexfin/service-kit';
import { addDays, localDate } from '../../domain/calendar';
import { collectionState, type ItemState } from '../../domain/collection-state';
import type { CollectionsDatabase } from '../../db/schema';
import { loadCase, type LoadedCase } from './case-facts';

type Tx = Transaction<CollectionsDatabase>;

/** A case the caller may act on: a client_portal login only ever finds its own client's. */
export async function caseFor(tx: Tx, caller: Caller, caseId: string) {
  const found = await tx
    .selectFrom('collection_cases')
    .select(['id', 'client_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (
    found === undefined ||
    (caller.clientId !== undefined && caller.clientId !== found.client_id)
  ) {
    throw new NotFoundError(`Collection case ${caseId} does not exist`, { caseId });
  }
  return found;
}

/** The client's open case, if any. */
export async function openCaseOf(tx: Tx, clientId: string): Promise<string | null> {
  const found = await tx
    .selectFrom('collection_cases')
    .select('id')
    .where('client_id', '=', clientId)
    .where('status', '<>', 'CLOSED')
    .executeTakeFirst();
  return found?.id ?? null;
}

/** A client's facts, locked (an arrangement and a ladder step for one client take turns). */
export async function lockedCase(tx: Tx, clientId: string): Promise<LoadedCase> {
  const loaded = await loadCase(tx, clientId, { lock: true });
  if (loaded === undefined)
    throw new NotFoundError(`Client ${clientId} does not exist`, { clientId });
  return loaded;
}

export interface ArrangementTarget {
  loaded: LoadedCase;
  today: string;
  /** The items an arrangement covers: every past-due open one, else every open one. */
  items: ItemState[];
  currency: string;
  openMinor: bigint;
}

/**
 * What an arrangement for the client covers, checked against the amount asked for: same
 * currency, not more than is open (field names as the mutation's).
 */
export function arrangementTarget(
  loaded: LoadedCase,
  now: Date,
  amount: Money,
  field: string,
): ArrangementTarget {
  const today = localDate(loaded.facts.client.timeZone, now);
  const state = collectionState(loaded.facts, loaded.policy, now);
  const open = state.items.filter(
    (item) => item.openMinor > 0n && item.currency === amount.currency,
  );
  const overdue = open.filter((item) => item.daysPastDue >= 1);
  const items = overdue.length > 0 ? overdue : open;
  if (items.length === 0) {
    throw new BadUserInputError({ [`${field}.currency`]: 'nothing is open in this currency' });
  }
  const openMinor = items.reduce((sum, item) => sum + item.openMinor, 0n);
  if (amount.minor > openMinor) {
    throw new BadUserInputError({
      [`${field}.amount`]: `must be at most what is open (${Money.of(openMinor, amount.currency).toString()})`,
    });
  }
  return { loaded, today, items, currency: amount.currency, openMinor };
}

/** A date from today up to `maxDays` ahead, else BAD_USER_INPUT naming the field. */
export function assertWithinDays(field: string, date: string, today: string, maxDays: number) {
  if (date < today) throw new BadUserInputError({ [field]: 'must be today or later' });
  const last = addDays(today, maxDays);
  if (date > last) {
    throw new BadUserInputError({ [field]: `must be at most ${maxDays} days ahead (${last})` });
  }
}

export const moneyJson = (minor: bigint, currency: string) => Money.of(minor, currency).toJSON();
