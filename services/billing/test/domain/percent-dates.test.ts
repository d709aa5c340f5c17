import { addDays, dateIn, daysBetween } from '@lexfin/platform/business-dates';
import { percentToPpm, ppmToPercent } from '../../src/domain/percent';

describe('percent rates as parts per million', () => {
  it.each([
    ['8.875', 88750],
    ['0', 0],
    ['100', 1000000],
    ['12.5', 125000],
    ['0.0001', 1],
  ])('%s %% is %d ppm and back', (percent, ppm) => {
    expect(percentToPpm(percent)).toBe(ppm);
    expect(ppmToPercent(ppm)).toBe(percent);
  });

  it.each(['100.01', '1.23456', '-1', '1e2', '', '.5'])('refuses %j', (percent) => {
    expect(percentToPpm(percent)).toBeUndefined();
  });
});

describe('business dates', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(daysBetween('2026-01-31', '2026-03-02')).toBe(30);
  });

  it('finds the date in a time zone', () => {
    const instant = new Date('2026-03-01T03:00:00Z');
    expect(dateIn('UTC', instant)).toBe('2026-03-01');
    expect(dateIn('America/New_York', instant)).toBe('2026-02-28');
  });
});
