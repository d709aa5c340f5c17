import { allocateMinor, InvalidAmountError, splitEvenly } from '../src';

describe('allocateMinor', () => {
  it('splits proportionally when the shares are exact', () => {
    expect(allocateMinor(1000n, [1n, 3n])).toEqual([250n, 750n]);
  });

  it('gives the leftover units to the largest remainders', () => {
    // Exact shares 3.3, 3.3, 3.4 of 10: the 0.4 remainder gets the missing unit.
    expect(allocateMinor(10n, [33n, 33n, 34n])).toEqual([3n, 3n, 4n]);
    // 7 at 70/20/10: exact shares 4.9, 1.4, 0.7; floors leave 2 units for the .9 and .7 remainders.
    expect(allocateMinor(7n, [70n, 20n, 10n])).toEqual([5n, 1n, 1n]);
  });

  it('breaks remainder ties in favour of the earliest index', () => {
    expect(allocateMinor(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocateMinor(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocateMinor(5n, [0n, 1n, 1n])).toEqual([0n, 3n, 2n]);
  });

  it('allocates a negative total symmetrically', () => {
    expect(allocateMinor(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocateMinor(-7n, [70n, 20n, 10n])).toEqual([-5n, -1n, -1n]);
  });

  it('never gives anything to a zero weight', () => {
    expect(allocateMinor(101n, [0n, 1n, 0n, 1n, 0n])).toEqual([0n, 51n, 0n, 50n, 0n]);
  });

  it('allocates zero as zeros', () => {
    expect(allocateMinor(0n, [1n, 2n])).toEqual([0n, 0n]);
  });

  it('handles totals and weights beyond the safe number range', () => {
    const huge = 10n ** 30n + 1n;
    expect(allocateMinor(huge, [10n ** 20n, 10n ** 20n])).toEqual([
      5n * 10n ** 29n + 1n,
      5n * 10n ** 29n,
    ]);
  });

  it.each([
    ['no weights', []],
    ['a negative weight', [1n, -1n, 2n]],
    ['all-zero weights', [0n, 0n]],
  ])('rejects %s', (_case, weights) => {
    expect(() => allocateMinor(100n, weights)).toThrow(InvalidAmountError);
  });
});

describe('splitEvenly', () => {
  it('gives the extra minor units to the earliest installments', () => {
    expect(splitEvenly(1000n, 3)).toEqual([334n, 333n, 333n]);
    expect(splitEvenly(1001n, 3)).toEqual([334n, 334n, 333n]);
    expect(splitEvenly(2n, 4)).toEqual([1n, 1n, 0n, 0n]);
  });

  it('splits a negative total symmetrically', () => {
    expect(splitEvenly(-1000n, 3)).toEqual([-334n, -333n, -333n]);
  });

  it('returns the whole total for a single part', () => {
    expect(splitEvenly(1234n, 1)).toEqual([1234n]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p parts', (parts) => {
    expect(() => splitEvenly(100n, parts)).toThrow(InvalidAmountError);
  });
});
