/** How a quotient that is not a whole number of minor units is brought to one. */
export type Rounding = 'half-even' | 'half-up' | 'floor' | 'ceil';

/**
 * Exact integer division with the chosen rounding. 'half-up' rounds ties away from zero (commercial
 * rounding, symmetric for credits and debits); 'floor' and 'ceil' go towards -∞ and +∞.
 */
export function divideRounded(dividend: bigint, divisor: bigint, rounding: Rounding): bigint {
  // A positive divisor lets the remainder's sign alone say which way the exact quotient lies.
  const [n, d] = divisor < 0n ? [-dividend, -divisor] : [dividend, divisor];
  const truncated = n / d;
  const remainder = n % d;
  // Only used when the remainder is non-zero, where it is the other candidate result.
  const awayFromZero = truncated + (remainder < 0n ? -1n : 1n);
  switch (rounding) {
    case 'floor':
      return remainder < 0n ? awayFromZero : truncated;
    case 'ceil':
      return remainder > 0n ? awayFromZero : truncated;
    case 'half-up':
    case 'half-even': {
      const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
      if (twiceRemainder !== d) return twiceRemainder > d ? awayFromZero : truncated;
      if (rounding === 'half-up') return awayFromZero;
      return truncated % 2n === 0n ? truncated : awayFromZero;
    }
    default:
      throw new RangeError(`unknown rounding mode ${String(rounding satisfies never)}`);
  }
}
