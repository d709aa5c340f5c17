import fc from 'fast-check';
import { allocateMinor, splitEvenly } from '../src';

const total = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
);
const weight = fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 30n }));
const weights = fc
  .array(weight, { minLength: 1, maxLength: 20 })
  .filter((ws) => ws.some((w) => w > 0n));

const sumOf = (values: readonly bigint[]) => values.reduce((sum, value) => sum + value, 0n);
const abs = (value: bigint) => (value < 0n ? -value : value);

describe('allocation properties', () => {
  it('parts sum exactly to the total', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(sumOf(allocateMinor(t, ws))).toBe(t);
      }),
    );
  });

  it('every part is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const weightSum = sumOf(ws);
        allocateMinor(t, ws).forEach((part, i) => {
          // |part - t*w/sum| < 1, scaled by sum to stay in integers.
          expect(abs(part * weightSum - t * (ws[i] ?? 0n)) < weightSum).toBe(true);
        });
      }),
    );
  });

  it('a negative total mirrors the positive one', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(allocateMinor(-t, ws)).toEqual(allocateMinor(t, ws).map((part) => -part));
      }),
    );
  });

  it('zero weights get nothing', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        allocateMinor(t, ws).forEach((part, i) => {
          if (ws[i] === 0n) expect(part).toBe(0n);
        });
      }),
    );
  });
});

describe('splitEvenly properties', () => {
  const parts = fc.integer({ min: 1, max: 50 });

  it('installments sum to the total and differ by at most one minor unit', () => {
    fc.assert(
      fc.property(total, parts, (t, n) => {
        const installments = splitEvenly(t, n);
        expect(installments).toHaveLength(n);
        expect(sumOf(installments)).toBe(t);
        const magnitudes = installments.map(abs);
        const spread =
          magnitudes.reduce((a, b) => (a > b ? a : b)) -
          magnitudes.reduce((a, b) => (a < b ? a : b));
        expect(spread <= 1n).toBe(true);
      }),
    );
  });

  it('earlier installments are never smaller in magnitude than later ones', () => {
    fc.assert(
      fc.property(total, parts, (t, n) => {
        const magnitudes = splitEvenly(t, n).map(abs);
        magnitudes.slice(1).forEach((later, i) => {
          expect((magnitudes[i] ?? 0n) >= later).toBe(true);
        });
      }),
    );
  });
});
