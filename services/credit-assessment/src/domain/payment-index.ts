/**
 * The payment index (PAYDEX-style, 1-100) at a dollar-weighted mean of days beyond terms (negative:
 * paid early). DOMAIN.md's table, linear between its points: 100 for 30 or more days early, 1 from
 * 180 days late on.
 */
const TABLE: ReadonlyArray<readonly [days: number, index: number]> = [
  [-30, 100],
  [-20, 90],
  [0, 80],
  [15, 70],
  [22, 60],
  [30, 50],
  [60, 40],
  [90, 30],
  [120, 20],
  [180, 1],
];

export function paymentIndex(meanDaysBeyondTerms: number): number {
  const first = TABLE[0]!;
  const last = TABLE.at(-1)!;
  if (meanDaysBeyondTerms <= first[0]) return first[1];
  if (meanDaysBeyondTerms >= last[0]) return last[1];
  for (let i = 1; i < TABLE.length; i += 1) {
    const [toDays, toIndex] = TABLE[i]!;
    if (meanDaysBeyondTerms > toDays) continue;
    const [fromDays, fromIndex] = TABLE[i - 1]!;
    const exact =
      fromIndex + ((meanDaysBeyondTerms - fromDays) * (toIndex - fromIndex)) / (toDays - fromDays);
    return Math.round(exact);
  }
  return last[1];
}
