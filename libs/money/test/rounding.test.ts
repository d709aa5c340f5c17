import { divideRounded } from '../src';

describe('divideRounded on plain minor units (hours x rate, ppm rates, interest)', () => {
  it.each([
    [99999n, 10n, 'half-up', 10000n],
    [33335n, 10n, 'half-up', 3334n],
    [-33335n, 10n, 'half-up', -3334n],
    [25n, 10n, 'half-even', 2n],
    [35n, 10n, 'half-even', 4n],
    [29n, 10n, 'floor', 2n],
    [-21n, 10n, 'floor', -3n],
    [21n, 10n, 'ceil', 3n],
    [7n, -2n, 'half-up', -4n],
  ] as const)('%s / %s, %s = %s', (dividend, divisor, rounding, expected) => {
    expect(divideRounded(dividend, divisor, rounding)).toBe(expected);
  });
});
