import { feeForTenths, resolveRate, type RateRow } from '../../src/domain/rates';

const tk = 'tk-1';
const row = (overrides: Partial<RateRow>): RateRow => ({
  timekeeperId: tk,
  clientId: null,
  matterId: null,
  effectiveFrom: '2026-01-01',
  rateMinor: 30000n,
  currency: 'USD',
  ...overrides,
});
const query = { timekeeperId: tk, clientId: 'c-1', matterId: 'm-1', currency: 'USD' };

describe('rate resolution', () => {
  const rows = [
    row({ effectiveFrom: '2026-01-01', rateMinor: 30000n }),
    row({ effectiveFrom: '2026-07-01', rateMinor: 35000n }),
    row({ clientId: 'c-1', effectiveFrom: '2026-03-01', rateMinor: 28000n }),
    row({ matterId: 'm-1', effectiveFrom: '2026-05-01', rateMinor: 25000n }),
    row({ matterId: 'm-2', effectiveFrom: '2026-01-01', rateMinor: 10000n }),
    row({ effectiveFrom: '2025-01-01', rateMinor: 99900n, currency: 'EUR' }),
  ];

  it.each([
    ['2026-02-15', 30000n, 'the standard rate before any override'],
    ['2026-03-01', 28000n, 'the client override from its effective date'],
    ['2026-04-30', 28000n, 'the client override the day before the matter override'],
    ['2026-05-01', 25000n, 'the matter override, most specific'],
    ['2026-08-01', 25000n, 'the matter override even after a newer standard rate'],
  ])('on %s uses %s: %s', (date, expected) => {
    expect(resolveRate(rows, { ...query, date })?.rateMinor).toBe(expected);
  });

  it('uses the newer standard rate for another client from its effective date', () => {
    const other = { ...query, clientId: 'c-9', matterId: 'm-9' };
    expect(resolveRate(rows, { ...other, date: '2026-06-30' })?.rateMinor).toBe(30000n);
    expect(resolveRate(rows, { ...other, date: '2026-07-01' })?.rateMinor).toBe(35000n);
  });

  it('finds nothing before the first effective date or in another currency', () => {
    expect(resolveRate(rows, { ...query, date: '2025-12-31' })).toBeUndefined();
    expect(resolveRate(rows, { ...query, currency: 'GBP', date: '2026-08-01' })).toBeUndefined();
  });
});

describe('fee for tenths of an hour', () => {
  it('multiplies exactly and rounds half-up to the cent', () => {
    expect(feeForTenths(35000n, 25)).toBe(87500n);
    expect(feeForTenths(33333n, 3)).toBe(10000n); // 99.999 -> 100.00
    expect(feeForTenths(33335n, 1)).toBe(3334n); // 33.335 -> 33.34
  });
});
