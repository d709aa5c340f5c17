import { InvalidAmountError } from './errors';

/**
 * Largest-remainder allocation: each part gets the floor of its exact share, then the minor units
 * still missing go one each to the parts with the largest remainders (earliest index on ties).
 * The parts always sum to `total` and each is within one minor unit of its exact share.
 */
export function allocateMinor(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new InvalidAmountError('cannot allocate over no weights');
  if (weights.some((weight) => weight < 0n)) {
    throw new InvalidAmountError(
      `allocation weights must not be negative: [${weights.join(', ')}]`,
    );
  }
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new InvalidAmountError('allocation weights must not all be zero');
  // Work on the magnitude so a negative total is the mirror image of the positive one.
  if (total < 0n) return allocateMinor(-total, weights).map((part) => -part);

  const floors = weights.map((weight) => (total * weight) / weightSum);
  const remainders = weights.map((weight) => (total * weight) % weightSum);
  // Fewer than weights.length units are missing, so the count fits a number.
  const missing = Number(total - floors.reduce((sum, floor) => sum + floor, 0n));
  const byLargestRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  const roundedUp = new Set(byLargestRemainder.slice(0, missing).map(({ index }) => index));
  return floors.map((floor, index) => (roundedUp.has(index) ? floor + 1n : floor));
}

/** Installments: as equal as possible, the earlier parts carrying the extra minor units. */
export function splitEvenly(total: bigint, parts: number): bigint[] {
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new InvalidAmountError(
      `cannot split into ${String(parts)} parts: need a positive whole number`,
    );
  }
  return allocateMinor(total, new Array<bigint>(parts).fill(1n));
}
