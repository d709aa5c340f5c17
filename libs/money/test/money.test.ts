import {
  CurrencyMismatchError,
  InvalidAmountError,
  Money,
  type Rounding,
  UnknownCurrencyError,
} from '../src';

const usd = (amount: string) => Money.parse(amount, 'USD');
const eur = (amount: string) => Money.parse(amount, 'EUR');

describe('Money construction', () => {
  it('holds minor units and a currency', () => {
    const money = Money.of(123456n, 'USD');
    expect(money.minor).toBe(123456n);
    expect(money.currency).toBe('USD');
  });

  it.each(['usd', 'US', 'USDX', 'XYZ', ''])('rejects the currency %j', (currency) => {
    expect(() => Money.of(1n, currency)).toThrow(UnknownCurrencyError);
  });

  it.each([100, '100', null, undefined])('rejects the non-bigint minor amount %p', (minor) => {
    expect(() => Money.of(minor as unknown as bigint, 'USD')).toThrow(InvalidAmountError);
  });

  it('makes a zero', () => {
    expect(Money.zero('JPY').minor).toBe(0n);
    expect(() => Money.zero('ABC')).toThrow(UnknownCurrencyError);
  });

  it('parses decimal strings strictly', () => {
    expect(usd('1234.56').minor).toBe(123456n);
    expect(Money.parse('1.234', 'KWD').minor).toBe(1234n);
    expect(() => usd('12.345')).toThrow(InvalidAmountError);
    expect(() => Money.parse('1.00', 'usd')).toThrow(UnknownCurrencyError);
  });

  it('is immutable', () => {
    const money = usd('1.00');
    expect(Object.isFrozen(money)).toBe(true);
    expect(() => {
      (money as { minor: bigint }).minor = 5n;
    }).toThrow(TypeError);
    expect(money.minor).toBe(100n);
  });
});

describe('Money serialisation', () => {
  it('formats with the currency digits', () => {
    expect(usd('1234.56').toDecimalString()).toBe('1234.56');
    expect(usd('-0.05').toString()).toBe('-0.05 USD');
    expect(Money.of(5n, 'JPY').toString()).toBe('5 JPY');
    expect(Money.of(-1n, 'KWD').toString()).toBe('-0.001 KWD');
  });

  it('round-trips through JSON as decimal strings', () => {
    const money = usd('-1234.50');
    const json = JSON.stringify({ fee: money });
    expect(json).toBe('{"fee":{"amount":"-1234.50","currency":"USD"}}');
    const parsed = JSON.parse(json) as { fee: { amount: string; currency: string } };
    expect(Money.fromJSON(parsed.fee).equals(money)).toBe(true);
  });

  it.each([
    ['a numeric amount', { amount: 1250, currency: 'USD' }, InvalidAmountError],
    ['too many decimals', { amount: '1.001', currency: 'USD' }, InvalidAmountError],
    ['a missing amount', { currency: 'USD' }, InvalidAmountError],
    ['an unknown currency', { amount: '1.00', currency: 'XYZ' }, UnknownCurrencyError],
    ['a missing currency', { amount: '1.00' }, UnknownCurrencyError],
    ['null', null, InvalidAmountError],
    ['a string', '1.00 USD', InvalidAmountError],
  ])('rejects JSON with %s', (_case, value, error) => {
    expect(() => Money.fromJSON(value as unknown as { amount: string; currency: string })).toThrow(
      error,
    );
  });
});

describe('Money arithmetic', () => {
  it('adds, subtracts, negates and takes the absolute value', () => {
    expect(usd('10.05').add(usd('0.95')).toString()).toBe('11.00 USD');
    expect(usd('10.00').subtract(usd('10.01')).toString()).toBe('-0.01 USD');
    expect(usd('3.50').negate().toString()).toBe('-3.50 USD');
    expect(usd('-3.50').abs().toString()).toBe('3.50 USD');
    expect(usd('3.50').abs().toString()).toBe('3.50 USD');
  });

  it('returns new instances and leaves operands untouched', () => {
    const a = usd('1.00');
    const sum = a.add(usd('2.00'));
    expect(sum).not.toBe(a);
    expect(a.minor).toBe(100n);
  });

  it('stays exact beyond the safe number range', () => {
    const big = Money.of(2n ** 80n, 'USD');
    expect(big.add(Money.of(1n, 'USD')).minor).toBe(2n ** 80n + 1n);
  });

  it('sums a list in one currency, zero when empty', () => {
    expect(Money.sum([usd('1.10'), usd('2.20'), usd('-0.30')], 'USD').toString()).toBe('3.00 USD');
    expect(Money.sum([], 'EUR').toString()).toBe('0.00 EUR');
    expect(() => Money.sum([], 'XYZ')).toThrow(UnknownCurrencyError);
  });

  it('picks the min and max', () => {
    expect(Money.min(usd('1.00'), usd('-2.00')).toString()).toBe('-2.00 USD');
    expect(Money.max(usd('1.00'), usd('-2.00')).toString()).toBe('1.00 USD');
  });
});

describe('Money.multiplyByRatio', () => {
  const cents = (minor: bigint) => Money.of(minor, 'USD');

  it('defaults to half-even (banker’s rounding)', () => {
    expect(cents(25n).multiplyByRatio(1n, 10n).minor).toBe(2n); // 2.5 -> 2
    expect(cents(35n).multiplyByRatio(1n, 10n).minor).toBe(4n); // 3.5 -> 4
    expect(cents(-25n).multiplyByRatio(1n, 10n).minor).toBe(-2n);
    expect(cents(-35n).multiplyByRatio(1n, 10n).minor).toBe(-4n);
  });

  it.each([
    // exact quotient in tenths of a cent, then the expected result per mode
    [26n, { 'half-even': 3n, 'half-up': 3n, floor: 2n, ceil: 3n }],
    [25n, { 'half-even': 2n, 'half-up': 3n, floor: 2n, ceil: 3n }],
    [24n, { 'half-even': 2n, 'half-up': 2n, floor: 2n, ceil: 3n }],
    [35n, { 'half-even': 4n, 'half-up': 4n, floor: 3n, ceil: 4n }],
    [20n, { 'half-even': 2n, 'half-up': 2n, floor: 2n, ceil: 2n }],
    [-24n, { 'half-even': -2n, 'half-up': -2n, floor: -3n, ceil: -2n }],
    [-25n, { 'half-even': -2n, 'half-up': -3n, floor: -3n, ceil: -2n }],
    [-26n, { 'half-even': -3n, 'half-up': -3n, floor: -3n, ceil: -2n }],
    [-35n, { 'half-even': -4n, 'half-up': -4n, floor: -4n, ceil: -3n }],
  ] as const)('rounds %p/10 per mode', (tenths, expected) => {
    for (const [rounding, minor] of Object.entries(expected)) {
      expect([
        rounding,
        cents(tenths).multiplyByRatio(1n, 10n, rounding as Rounding).minor,
      ]).toEqual([rounding, minor]);
    }
  });

  it('computes tax exactly: 19% VAT on 10.99 EUR', () => {
    // 1099 * 19 / 100 = 208.81 -> 209
    expect(eur('10.99').multiplyByRatio(19n, 100n).toString()).toBe('2.09 EUR');
  });

  it('computes interest on a large balance without losing precision', () => {
    // 3.25% on 12 345 678 901 234 567.89 USD
    const balance = usd('12345678901234567.89');
    expect(balance.multiplyByRatio(325n, 10000n).toString()).toBe('401234564290123.46 USD');
  });

  it('treats a negative denominator like a negative numerator', () => {
    expect(cents(25n).multiplyByRatio(-1n, -10n).minor).toBe(2n);
    expect(cents(25n).multiplyByRatio(1n, -10n, 'floor').minor).toBe(-3n);
    expect(cents(25n).multiplyByRatio(-1n, 10n, 'floor').minor).toBe(-3n);
  });

  it('rejects an unknown rounding mode even when no rounding is needed', () => {
    expect(() => cents(20n).multiplyByRatio(1n, 10n, 'HALF_UP' as Rounding)).toThrow(RangeError);
  });

  it('rejects a zero denominator', () => {
    expect(() => cents(1n).multiplyByRatio(1n, 0n)).toThrow(InvalidAmountError);
  });
});

describe('Money comparison', () => {
  it('compares within a currency', () => {
    expect(usd('1.00').compare(usd('2.00'))).toBe(-1);
    expect(usd('2.00').compare(usd('2.00'))).toBe(0);
    expect(usd('3.00').compare(usd('2.00'))).toBe(1);
    expect(usd('1.00').equals(usd('1.00'))).toBe(true);
    expect(usd('1.00').equals(usd('1.01'))).toBe(false);
    expect(usd('2.00').greaterThan(usd('1.00'))).toBe(true);
    expect(usd('1.00').greaterThan(usd('1.00'))).toBe(false);
    expect(usd('1.00').greaterThanOrEqual(usd('1.00'))).toBe(true);
    expect(usd('1.00').lessThan(usd('2.00'))).toBe(true);
    expect(usd('1.00').lessThan(usd('1.00'))).toBe(false);
    expect(usd('1.00').lessThanOrEqual(usd('1.00'))).toBe(true);
    expect(usd('-1').lessThan(usd('0'))).toBe(true);
  });

  it('reports its sign', () => {
    expect(usd('0').isZero()).toBe(true);
    expect(usd('-0').isZero()).toBe(true);
    expect(usd('-0.01').isNegative()).toBe(true);
    expect(usd('-0.01').isPositive()).toBe(false);
    expect(usd('0.01').isPositive()).toBe(true);
    expect(usd('0').isPositive()).toBe(false);
    expect(usd('0').isNegative()).toBe(false);
  });
});

describe('Money across currencies', () => {
  const operations: [string, (a: Money, b: Money) => unknown][] = [
    ['add', (a, b) => a.add(b)],
    ['subtract', (a, b) => a.subtract(b)],
    ['compare', (a, b) => a.compare(b)],
    ['equals', (a, b) => a.equals(b)],
    ['greaterThan', (a, b) => a.greaterThan(b)],
    ['greaterThanOrEqual', (a, b) => a.greaterThanOrEqual(b)],
    ['lessThan', (a, b) => a.lessThan(b)],
    ['lessThanOrEqual', (a, b) => a.lessThanOrEqual(b)],
    ['min', (a, b) => Money.min(a, b)],
    ['max', (a, b) => Money.max(a, b)],
    ['sum', (a, b) => Money.sum([a, b], 'USD')],
  ];

  it.each(operations)('%s throws a mismatch naming both currencies', (_name, operation) => {
    const attempt = () => operation(usd('1.00'), eur('1.00'));
    expect(attempt).toThrow(CurrencyMismatchError);
    expect(attempt).toThrow(/USD.*EUR/);
  });

  it('sum rejects items in another currency than the one asked for', () => {
    expect(() => Money.sum([eur('1.00')], 'USD')).toThrow(CurrencyMismatchError);
  });
});

describe('Money allocation', () => {
  it('allocates by weights in its own currency', () => {
    const parts = usd('100.00').allocate([1n, 1n, 1n]);
    expect(parts.map(String)).toEqual(['33.34 USD', '33.33 USD', '33.33 USD']);
  });

  it('splits into installments, earliest first', () => {
    const parts = Money.of(1000n, 'JPY').split(3);
    expect(parts.map(String)).toEqual(['334 JPY', '333 JPY', '333 JPY']);
  });

  it('allocates negative amounts symmetrically', () => {
    expect(usd('-100.00').allocate([1n, 1n, 1n]).map(String)).toEqual([
      '-33.34 USD',
      '-33.33 USD',
      '-33.33 USD',
    ]);
  });

  it('rejects invalid weights and part counts', () => {
    expect(() => usd('1.00').allocate([])).toThrow(InvalidAmountError);
    expect(() => usd('1.00').split(0)).toThrow(InvalidAmountError);
  });
});
