/** Dollar-weighted statistics of whole-day counts, in exact bigint arithmetic. */

export interface Weighted {
  days: number;
  weightMinor: bigint;
}

/** `numerator / denominator` rounded half away from zero to `decimals` places. */
export function roundedRatio(numerator: bigint, denominator: bigint, decimals = 2): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = numerator * scale;
  const negative = scaled < 0n !== denominator < 0n;
  const magnitude = (abs(scaled) * 2n + abs(denominator)) / (2n * abs(denominator));
  return Number(negative ? -magnitude : magnitude) / Number(scale);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function positive(items: readonly Weighted[]): Weighted[] {
  return items.filter((item) => item.weightMinor > 0n);
}

/** The weighted mean of the days, to two decimals; null without weight. */
export function weightedMean(items: readonly Weighted[]): number | null {
  const weighted = positive(items);
  const total = weighted.reduce((sum, item) => sum + item.weightMinor, 0n);
  if (total === 0n) return null;
  const sum = weighted.reduce((acc, item) => acc + BigInt(item.days) * item.weightMinor, 0n);
  return roundedRatio(sum, total);
}

/** The smallest day count at or under which 90% of the weight lies; null without weight. */
export function weightedP90(items: readonly Weighted[]): number | null {
  const weighted = positive(items).sort((a, b) => a.days - b.days);
  const total = weighted.reduce((sum, item) => sum + item.weightMinor, 0n);
  if (total === 0n) return null;
  let cumulative = 0n;
  for (const item of weighted) {
    cumulative += item.weightMinor;
    if (cumulative * 10n >= total * 9n) return item.days;
  }
  return weighted.at(-1)!.days;
}
