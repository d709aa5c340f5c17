import { BadUserInputError } from '@lexfin/platform';
import type { AccountRow } from './lookup';

/** Amounts are given in the account's currency; trust money is never converted. */
export function requireAccountCurrency(
  account: AccountRow,
  currency: string,
  field = 'input.amount',
) {
  if (currency !== account.currency) {
    throw new BadUserInputError({
      [`${field}.currency`]: `must be ${account.currency}, the currency of trust account ${account.id}`,
    });
  }
}
