/** Base of every money error; `code` is stable so callers can branch without parsing messages. */
export class MoneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidAmountError extends MoneyError {
  constructor(message: string) {
    super('INVALID_AMOUNT', message);
  }
}

export class UnknownCurrencyError extends MoneyError {
  constructor(currency: unknown) {
    super('UNKNOWN_CURRENCY', `${describe(currency)} is not a known ISO 4217 currency code`);
  }
}

export class CurrencyMismatchError extends MoneyError {
  constructor(left: string, right: string) {
    super('CURRENCY_MISMATCH', `cannot combine ${left} with ${right}: currencies differ`);
  }
}

/** Renders untrusted input for a message: strings quoted and escaped, anything else by its type. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `a value of type ${value === null ? 'null' : typeof value}`;
}
