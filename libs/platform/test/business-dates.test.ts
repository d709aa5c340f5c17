import { addDays, dateIn, daysBetween } from '@lexfin/platform/business-dates';

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
