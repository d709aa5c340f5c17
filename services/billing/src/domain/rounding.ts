import { divideRounded } from '@lexfin/money';

/** numerator / denominator rounded half away from zero (commercial rounding). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return divideRounded(numerator, denominator, 'half-up');
}

/** amount x ppm / 1,000,000, rounded half-up: taxes and contingency shares. */
export function applyPpm(amountMinor: bigint, ppm: number): bigint {
  return divideHalfUp(amountMinor * BigInt(ppm), 1_000_000n);
}
