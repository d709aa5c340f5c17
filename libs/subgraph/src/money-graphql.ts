import { Money, MoneyError } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';

/** Money as API.md shows it: a decimal string and its currency. */
export interface MoneyOutput {
  amount: string;
  currency: string;
}

export interface MoneyInput {
  amount: string;
  currency: string;
}

export function moneyOutput(minor: bigint, currency: string): MoneyOutput {
  return Money.of(minor, currency).toJSON();
}

/**
 * Reads a money input strictly (never rounding); a bad amount or currency is BAD_USER_INPUT
 * naming the field, e.g. `amount.amount: "12.345" has 3 decimals but USD allows at most 2`.
 */
export function parseMoneyInput(input: MoneyInput, field: string): Money {
  try {
    return Money.parse(input.amount, input.currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const part = error.code === 'UNKNOWN_CURRENCY' ? 'currency' : 'amount';
    throw new BadUserInputError({ [`${field}.${part}`]: error.message });
  }
}

/** SDL every subgraph shares: the Money output and input types. */
export const moneyTypeDefs = /* GraphQL */ `
  type Money @shareable {
    "Decimal string with the currency's minor digits, e.g. \\"1234.56\\"; never a float."
    amount: String!
    "ISO 4217 code"
    currency: String!
  }

  input MoneyInput {
    amount: String!
    currency: String!
  }
`;
