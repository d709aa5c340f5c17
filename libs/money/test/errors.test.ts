import {
  CurrencyMismatchError,
  InvalidAmountError,
  MoneyError,
  UnknownCurrencyError,
} from '../src';

describe('money errors', () => {
  it.each([
    [new InvalidAmountError('bad'), 'INVALID_AMOUNT', 'InvalidAmountError'],
    [new UnknownCurrencyError('XYZ'), 'UNKNOWN_CURRENCY', 'UnknownCurrencyError'],
    [new CurrencyMismatchError('USD', 'EUR'), 'CURRENCY_MISMATCH', 'CurrencyMismatchError'],
  ])('%s carries a stable code and its own name', (error, code, name) => {
    expect(error).toBeInstanceOf(MoneyError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
  });

  it('names the unknown currency', () => {
    expect(new UnknownCurrencyError('XYZ').message).toBe(
      '"XYZ" is not a known ISO 4217 currency code',
    );
  });

  it('names both currencies of a mismatch', () => {
    const { message } = new CurrencyMismatchError('USD', 'EUR');
    expect(message).toContain('USD');
    expect(message).toContain('EUR');
  });
});
