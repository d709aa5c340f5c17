import { divideHalfUp } from './rounding';

/** One row of the rate tables: a standard rate (no client, no matter) or an override. */
export interface RateRow {
  timekeeperId: string;
  clientId: string | null;
  matterId: string | null;
  effectiveFrom: string;
  rateMinor: bigint;
  currency: string;
}

export interface RateQuery {
  timekeeperId: string;
  clientId: string;
  matterId: string;
  currency: string;
  date: string;
}

/**
 * The rate for a piece of work: the most specific table that has a rate in force on the work's
 * date wins (matter override, then client override, then the timekeeper's standard rate); within
 * a table, the latest effective date on or before the work's date.
 */
export function resolveRate(rows: readonly RateRow[], query: RateQuery): RateRow | undefined {
  const inForce = rows.filter(
    (row) =>
      row.timekeeperId === query.timekeeperId &&
      row.currency === query.currency &&
      row.effectiveFrom <= query.date,
  );
  const latest = (matches: RateRow[]) =>
    matches.reduce<RateRow | undefined>(
      (best, row) => (best === undefined || row.effectiveFrom > best.effectiveFrom ? row : best),
      undefined,
    );
  return (
    latest(inForce.filter((row) => row.matterId === query.matterId)) ??
    latest(inForce.filter((row) => row.clientId === query.clientId && row.matterId === null)) ??
    latest(inForce.filter((row) => row.clientId === null && row.matterId === null))
  );
}

/** Fee for `tenths` of an hour at an hourly rate, rounded half-up to the minor unit. */
export function feeForTenths(rateMinor: bigint, tenths: number): bigint {
  return divideHalfUp(rateMinor * BigInt(tenths), 10n);
}
