import {
  formatMinorAmount,
  InvalidAmountError,
  parseDecimalAmount,
  UnknownCurrencyError,
} from '../src';

describe('parseDecimalAmount', () => {
  it.each([
    ['1234.56', 'USD', 123456n],
    ['0.05', 'USD', 5n],
    ['-0.05', 'USD', -5n],
    ['12', 'USD', 1200n],
    ['12.3', 'USD', 1230n],
    ['007.50', 'USD', 750n],
    ['-0', 'USD', 0n],
    ['-0.00', 'USD', 0n],
    ['0', 'USD', 0n],
    ['5', 'JPY', 5n],
    ['-5', 'JPY', -5n],
    ['1.234', 'KWD', 1234n],
    ['1.2', 'KWD', 1200n],
    ['1.2345', 'CLF', 12345n],
    ['123456789012345678901234567890.12', 'USD', 12345678901234567890123456789012n],
  ])('parses %j %s as %p minor units', (amount, currency, minor) => {
    expect(parseDecimalAmount(amount, currency)).toBe(minor);
  });

  it('returns a true zero for negative zero', () => {
    expect(Object.is(parseDecimalAmount('-0', 'USD'), 0n)).toBe(true);
  });

  it.each([
    '',
    ' 1',
    '1 ',
    '1e3',
    '1,234.56',
    '.5',
    '5.',
    '+5',
    '-',
    '--5',
    '-.5',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '1_000',
    '１２', // full-width digits
    '١٢', // Arabic-Indic digits
    '12.34.56',
    '1\n',
  ])('rejects %j', (amount) => {
    expect(() => parseDecimalAmount(amount, 'USD')).toThrow(InvalidAmountError);
  });

  it('names the input and why in the message', () => {
    expect(() => parseDecimalAmount('1e3', 'USD')).toThrow(/^"1e3" is not a decimal amount/);
  });

  it.each([
    ['12.345', 'USD', '"12.345" has 3 decimals but USD allows at most 2'],
    ['12.340', 'USD', '"12.340" has 3 decimals but USD allows at most 2'],
    ['5.0', 'JPY', '"5.0" has 1 decimals but JPY allows at most 0'],
    ['1.2345', 'KWD', '"1.2345" has 4 decimals but KWD allows at most 3'],
  ])('never rounds %j %s', (amount, currency, message) => {
    expect(() => parseDecimalAmount(amount, currency)).toThrow(new InvalidAmountError(message));
  });

  it.each([12, 12n, null, undefined, {}, ['1']])('rejects non-string input %p', (amount) => {
    expect(() => parseDecimalAmount(amount as unknown as string, 'USD')).toThrow(
      InvalidAmountError,
    );
  });

  it('rejects an unknown currency', () => {
    expect(() => parseDecimalAmount('1.00', 'XYZ')).toThrow(UnknownCurrencyError);
  });
});

describe('formatMinorAmount', () => {
  it.each([
    [123456n, 'USD', '1234.56'],
    [-5n, 'USD', '-0.05'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [100n, 'USD', '1.00'],
    [-123456n, 'USD', '-1234.56'],
    [5n, 'JPY', '5'],
    [-5n, 'JPY', '-5'],
    [0n, 'JPY', '0'],
    [1n, 'KWD', '0.001'],
    [-1234n, 'KWD', '-1.234'],
    [1n, 'CLF', '0.0001'],
    [12345678901234567890123456789012n, 'USD', '123456789012345678901234567890.12'],
  ])('formats %p %s as %j', (minor, currency, formatted) => {
    expect(formatMinorAmount(minor, currency)).toBe(formatted);
  });

  it('rejects an unknown currency', () => {
    expect(() => formatMinorAmount(1n, 'XYZ')).toThrow(UnknownCurrencyError);
  });
});
