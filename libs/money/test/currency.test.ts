import { isKnownCurrency, minorDigits, UnknownCurrencyError } from '../src';

describe('minorDigits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['CAD', 2],
    ['CHF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it.each(['XYZ', 'usd', 'US', 'USDD', '', 'XAU', 'XXX', 'HRK', 'constructor'])(
    'rejects %j as unknown',
    (code) => {
      expect(() => minorDigits(code)).toThrow(UnknownCurrencyError);
    },
  );

  it('says which code is unknown', () => {
    expect(() => minorDigits('XYZ')).toThrow('"XYZ" is not a known ISO 4217 currency code');
  });
});

describe('isKnownCurrency', () => {
  it('knows active ISO 4217 codes', () => {
    expect(['USD', 'EUR', 'JPY', 'KWD', 'CLF', 'XCG', 'ZWG'].every(isKnownCurrency)).toBe(true);
  });

  it.each(['usd', 'Usd', 'XYZ', ' USD', 'USD ', 'toString', '__proto__'])(
    'does not know %j',
    (code) => {
      expect(isKnownCurrency(code)).toBe(false);
    },
  );

  it('does not know non-string input', () => {
    expect(isKnownCurrency(840 as unknown as string)).toBe(false);
  });
});
