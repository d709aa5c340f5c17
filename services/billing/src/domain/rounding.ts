import { Money } from '@lexfin/money';

// Any known currency will do: only the minor units matter here, and @lexfin/money does the rounding.
const UNIT = 'USD';

/** numerator / denominator rounded half away from zero (commercial rounding). */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return Money.of(numerator, UNIT).multiplyByRatio(1n, denominator, 'half-up').minor;
}

/** amount x ppm / 1,000,000, rounded half-up: taxes and contingency shares. */
export function applyPpm(amountMinor: bigint, ppm: number): bigint {
  return Money.of(amountMinor, UNIT).multiplyByRatio(BigInt(ppm), 1_000_000n, 'half-up').minor;
}
