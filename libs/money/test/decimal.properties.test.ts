import fc from 'fast-check';
import { formatMinorAmount, Money, minorDigits, parseDecimalAmount } from '../src';

// One currency per scale the table holds: 0, 2, 3 and 4 minor digits.
const currency = fc.constantFrom('JPY', 'USD', 'KWD', 'CLF');
const minor = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt());

describe('decimal round-trip properties', () => {
  it('parse(format(x)) === x', () => {
    fc.assert(
      fc.property(minor, currency, (amount, code) => {
        expect(parseDecimalAmount(formatMinorAmount(amount, code), code)).toBe(amount);
      }),
    );
  });

  it('formats with exactly the currency digits', () => {
    fc.assert(
      fc.property(minor, currency, (amount, code) => {
        const [, fraction = ''] = formatMinorAmount(amount, code).split('.');
        expect(fraction.length).toBe(minorDigits(code));
      }),
    );
  });

  it('Money survives a JSON round-trip', () => {
    fc.assert(
      fc.property(minor, currency, (amount, code) => {
        const money = Money.of(amount, code);
        const back = Money.fromJSON(
          JSON.parse(JSON.stringify(money)) as ReturnType<Money['toJSON']>,
        );
        expect(back.equals(money)).toBe(true);
      }),
    );
  });
});
