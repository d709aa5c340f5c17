/** One movement of an invoice's open amount on a business date (signed: + owed, - settled). */
export interface OpenAmountMovement {
  kind: string;
  onDate: string;
  amountMinor: bigint;
}

export interface OpenAmountRange {
  validFrom: string;
  /** Exclusive; null while it is the current amount. */
  validTo: string | null;
  openMinor: bigint;
}

/**
 * An invoice's open amount as a dated history: one range per period with the same amount, from
 * its movements in any order of arrival. A void closes the invoice at zero for good.
 */
export function openAmountRanges(movements: readonly OpenAmountMovement[]): OpenAmountRange[] {
  const byDate = new Map<string, OpenAmountMovement[]>();
  for (const movement of movements) {
    byDate.set(movement.onDate, [...(byDate.get(movement.onDate) ?? []), movement]);
  }
  const ranges: OpenAmountRange[] = [];
  let open = 0n;
  let voided = false;
  for (const date of [...byDate.keys()].sort()) {
    if (voided) break;
    for (const movement of byDate.get(date)!) {
      if (movement.kind === 'VOID') voided = true;
      else open += movement.amountMinor;
    }
    const amount = voided ? 0n : open;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.openMinor === amount) continue;
    if (last !== undefined) last.validTo = date;
    ranges.push({ validFrom: date, validTo: null, openMinor: amount });
  }
  return ranges;
}

/** The open amount on `date` (end of day) from its ranges. */
export function openOn(ranges: readonly OpenAmountRange[], date: string): bigint {
  const range = ranges.find(
    (candidate) =>
      candidate.validFrom <= date && (candidate.validTo === null || date < candidate.validTo),
  );
  return range?.openMinor ?? 0n;
}
