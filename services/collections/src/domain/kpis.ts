import { divideRounded } from '@lexfin/money';

/**
 * Collections KPIs (DOMAIN.md), per currency, on amounts in minor units. Each figure is exact
 * rational arithmetic rounded once, half up, to a tenth (of a day or a per cent); null when its
 * denominator is zero (no billings, nothing to collect).
 */
export type Tenths = bigint;

function tenths(numerator: bigint, denominator: bigint): Tenths | null {
  return denominator === 0n ? null : divideRounded(numerator * 10n, denominator, 'half-up');
}

/** 453n -> "45.3", -5n -> "-0.5". */
export function formatTenths(value: Tenths): string {
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  return `${sign}${magnitude / 10n}.${magnitude % 10n}`;
}

export interface MonthOfBillings {
  /** Invoices issued in the month (credit notes not netted). */
  billedMinor: bigint;
  /** Days of the month counted: all of them, or up to the as-of date in the as-of month. */
  days: number;
}

/**
 * Count-back DSO: take the months newest first, subtracting each month's billings from ending AR
 * while the rest is at least that month's billings; DSO = the days of the months used + the rest
 * / the next month's billings x its days. Past the oldest month given, AR still left counts
 * nothing more: the figure is a lower bound then.
 */
export function countBackDso(endingArMinor: bigint, newestFirst: readonly MonthOfBillings[]) {
  if (endingArMinor <= 0n) return newestFirst.length === 0 ? null : 0n;
  let rest = endingArMinor;
  let wholeDays = 0n;
  for (const month of newestFirst) {
    if (rest === 0n) break;
    if (rest >= month.billedMinor) {
      rest -= month.billedMinor;
      wholeDays += BigInt(month.days);
      continue;
    }
    // rest / billed x days, added to the whole months' days, rounded once.
    return tenths(wholeDays * month.billedMinor + rest * BigInt(month.days), month.billedMinor);
  }
  return newestFirst.length === 0 ? null : wholeDays * 10n;
}

/** Simple DSO = ending AR / credit sales x days. */
export function simpleDso(endingArMinor: bigint, salesMinor: bigint, days: number) {
  return tenths(endingArMinor * BigInt(days), salesMinor);
}

/** Best possible DSO = current (not yet due) AR / credit sales x days. */
export function bestPossibleDso(currentArMinor: bigint, salesMinor: bigint, days: number) {
  return tenths(currentArMinor * BigInt(days), salesMinor);
}

/** ADD = simple DSO - best possible DSO, of the figures as shown, so the report adds up. */
export function averageDaysDelinquent(simple: Tenths | null, best: Tenths | null) {
  return simple === null || best === null ? null : simple - best;
}

/** CEI = (opening AR + sales - closing total AR) / (opening AR + sales - closing current AR) x 100. */
export function collectionEffectivenessIndex(
  openingArMinor: bigint,
  salesMinor: bigint,
  closingArMinor: bigint,
  closingCurrentArMinor: bigint,
) {
  return tenths(
    (openingArMinor + salesMinor - closingArMinor) * 100n,
    openingArMinor + salesMinor - closingCurrentArMinor,
  );
}

/** Lockup = WIP days + debtor days (each amount / annual fees x 365), the shown figures summed. */
export function lockupDays(wipMinor: bigint, arMinor: bigint, annualFeesMinor: bigint) {
  const wipDays = tenths(wipMinor * 365n, annualFeesMinor);
  const debtorDays = tenths(arMinor * 365n, annualFeesMinor);
  return {
    wipDays,
    debtorDays,
    lockup: wipDays === null || debtorDays === null ? null : wipDays + debtorDays,
  };
}

/** Collection rate = collected in the period / billed in the period x 100. */
export function collectionRate(collectedMinor: bigint, billedMinor: bigint) {
  return perCent(collectedMinor, billedMinor);
}

/** A part of a whole in per cent, to 0.1, half up; null when the whole is zero. */
export function perCent(part: bigint, whole: bigint): Tenths | null {
  return tenths(part * 100n, whole);
}
