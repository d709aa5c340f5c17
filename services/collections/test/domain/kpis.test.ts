import {
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectivenessIndex,
  collectionRate,
  countBackDso,
  formatTenths,
  lockupDays,
  simpleDso,
} from '../../src/domain/kpis';
import { agingBucket } from '../../src/domain/aging';

const usd = (dollars: number) => BigInt(dollars) * 100n;
const shown = (value: bigint | null) => (value === null ? null : formatTenths(value));

describe('count-back DSO, worked by hand over three months', () => {
  // AR on 31 March: 250,000. Billings: March 100,000 (31 days), February 120,000 (28),
  // January 90,000 (31). 250,000 - 100,000 = 150,000 >= 120,000, so February is used whole:
  // 30,000 left < 90,000, so January counts 30,000 / 90,000 x 31 = 10.33 days.
  // DSO = 31 + 28 + 10.33 = 69.3.
  const months = [
    { billedMinor: usd(100_000), days: 31 },
    { billedMinor: usd(120_000), days: 28 },
    { billedMinor: usd(90_000), days: 31 },
  ];

  it('uses whole months newest first, then the fraction of the next', () => {
    expect(shown(countBackDso(usd(250_000), months))).toBe('69.3');
  });

  it('is the fraction of the as-of month alone when AR is less than its billings', () => {
    // 40,000 / 100,000 x 31 = 12.4
    expect(shown(countBackDso(usd(40_000), months))).toBe('12.4');
  });

  it('counts a month used up exactly as whole days', () => {
    expect(shown(countBackDso(usd(220_000), months))).toBe('59.0');
  });

  it('counts the as-of month only up to the as-of date', () => {
    // 15 March: 15 days of March with 50,000 billed; AR 60,000: 15 + 10,000/120,000 x 28 = 17.3
    expect(
      shown(
        countBackDso(usd(60_000), [
          { billedMinor: usd(50_000), days: 15 },
          { billedMinor: usd(120_000), days: 28 },
        ]),
      ),
    ).toBe('17.3');
  });
});

describe('simple DSO, best possible DSO and ADD over a 90-day quarter', () => {
  // Ending AR 250,000 of which 100,000 is not yet due; credit sales in the quarter 310,000.
  // Simple = 250,000 / 310,000 x 90 = 72.58 -> 72.6; best = 100,000 / 310,000 x 90 = 29.03 -> 29.0;
  // ADD = 72.6 - 29.0 = 43.6.
  it('rounds each to a tenth of a day, half up, and ADD is their difference as shown', () => {
    const simple = simpleDso(usd(250_000), usd(310_000), 90);
    const best = bestPossibleDso(usd(100_000), usd(310_000), 90);
    expect(shown(simple)).toBe('72.6');
    expect(shown(best)).toBe('29.0');
    expect(shown(averageDaysDelinquent(simple, best))).toBe('43.6');
  });

  it('rounds a half up', () => {
    // 1 / 4 x 1 day = 0.25 -> 0.3
    expect(shown(simpleDso(1n, 4n, 1))).toBe('0.3');
  });

  it('has no figure without sales', () => {
    expect(simpleDso(usd(5), 0n, 30)).toBeNull();
  });
});

describe('CEI', () => {
  it('is (opening + sales - closing total) / (opening + sales - closing current) x 100', () => {
    // (200,000 + 300,000 - 250,000) / (200,000 + 300,000 - 100,000) = 250 / 400 = 62.5 %
    expect(
      shown(collectionEffectivenessIndex(usd(200_000), usd(300_000), usd(250_000), usd(100_000))),
    ).toBe('62.5');
  });

  it('rounds to a tenth of a per cent, half up', () => {
    // (0 + 3 - 1) / (0 + 3 - 0) = 66.666 % -> 66.7
    expect(shown(collectionEffectivenessIndex(0n, 3n, 1n, 0n))).toBe('66.7');
  });
});

describe('lockup', () => {
  it('adds WIP days and debtor days on annual fees', () => {
    // WIP 50,000 / 1,200,000 x 365 = 15.21 -> 15.2; AR 250,000 / 1,200,000 x 365 = 76.04 -> 76.0
    const figures = lockupDays(usd(50_000), usd(250_000), usd(1_200_000));
    expect(shown(figures.wipDays)).toBe('15.2');
    expect(shown(figures.debtorDays)).toBe('76.0');
    expect(shown(figures.lockup)).toBe('91.2');
  });
});

it('collection rate is collected over billed', () => {
  expect(shown(collectionRate(usd(90_000), usd(120_000)))).toBe('75.0');
});

it('ages by days past due into the buckets of DOMAIN.md', () => {
  expect([0, 1, 30, 31, 60, 61, 90, 91, 120, 121, -4].map(agingBucket)).toEqual([
    'CURRENT',
    'DAYS_1_30',
    'DAYS_1_30',
    'DAYS_31_60',
    'DAYS_31_60',
    'DAYS_61_90',
    'DAYS_61_90',
    'DAYS_91_120',
    'DAYS_91_120',
    'OVER_120',
    'CURRENT',
  ]);
});
