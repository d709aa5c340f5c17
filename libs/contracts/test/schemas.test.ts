import {
  businessDateSchema,
  countryCodeSchema,
  currencySchema,
  instantSchema,
  languageTagSchema,
  moneySchema,
  phoneNumberSchema,
  subdivisionCodeSchema,
  timeZoneSchema,
  uuidSchema,
} from '../src';

describe('reusable schemas', () => {
  it.each([
    ['12.34', 'USD'],
    ['-0.5', 'EUR'],
    ['1200', 'JPY'],
    ['1.234', 'BHD'],
  ])('accepts money %s %s', (amount, currency) => {
    expect(moneySchema.safeParse({ amount, currency }).success).toBe(true);
  });

  it.each([
    [{ amount: '12.345', currency: 'USD' }, 'amount', 'USD allows at most 2'],
    [{ amount: '1.5', currency: 'JPY' }, 'amount', 'JPY allows at most 0'],
    [{ amount: '1e3', currency: 'USD' }, 'amount', 'decimal string'],
    [{ amount: '1,000.00', currency: 'USD' }, 'amount', 'decimal string'],
    [{ amount: 12.34, currency: 'USD' }, 'amount', 'expected string'],
    [{ amount: '1.00', currency: 'usd' }, 'currency', 'ISO 4217'],
    [{ amount: '1.00', currency: 'ABC' }, 'currency', 'not a known ISO 4217'],
  ])('refuses money %j naming %s', (money, path, message) => {
    const result = moneySchema.safeParse(money);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: [path], message: expect.stringContaining(message) }),
    ]);
  });

  it('accepts real calendar dates only', () => {
    expect(businessDateSchema.safeParse('2024-02-29').success).toBe(true);
    for (const date of [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-1-05',
      '2026-01-05T00:00Z',
    ]) {
      expect(businessDateSchema.safeParse(date).success).toBe(false);
    }
  });

  it('accepts UTC instants only', () => {
    expect(instantSchema.safeParse('2026-03-02T14:05:00.123Z').success).toBe(true);
    expect(instantSchema.safeParse('2026-03-02T14:05:00+01:00').success).toBe(false);
    expect(instantSchema.safeParse('2026-03-02').success).toBe(false);
  });

  it('accepts IANA zone names as spelled, not offsets or abbreviations', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'UTC']) {
      expect(timeZoneSchema.safeParse(zone).success).toBe(true);
    }
    for (const zone of ['america/new_york', '+01:00', 'EST', 'Mars/Olympus_Mons', '']) {
      expect(timeZoneSchema.safeParse(zone).success).toBe(false);
    }
  });

  it('accepts known currencies and uuids', () => {
    expect(currencySchema.safeParse('GBP').success).toBe(true);
    expect(uuidSchema.safeParse('0b6f7a1e-3c2d-4e5f-8a9b-1c2d3e4f5a6b').success).toBe(true);
    expect(uuidSchema.safeParse('client-7').success).toBe(false);
  });

  it.each([
    [countryCodeSchema, ['US', 'GB', 'DE', 'XK'], ['UK', 'EU', 'UN', 'XX', 'us', 'USA', '']],
    [
      subdivisionCodeSchema,
      ['US-CA', 'US-DC', 'US-PR', 'CA-QC', 'GB-LND', 'DE-BY'],
      ['US-ZZ', 'CA-XX', 'XX-AB', 'US', 'us-ca', 'GB-LONDON'],
    ],
    [phoneNumberSchema, ['+14155550123', '+442071838750'], ['14155550123', '+0123', '+1 415 555']],
    [languageTagSchema, ['en', 'en-US', 'fr-CA', 'de'], ['en-us', 'en_US', '', 'e']],
  ])('accepts only well-formed, existing codes (%#)', (schema, good, bad) => {
    for (const value of good)
      expect([value, schema.safeParse(value).success]).toEqual([value, true]);
    for (const value of bad)
      expect([value, schema.safeParse(value).success]).toEqual([value, false]);
  });
});
