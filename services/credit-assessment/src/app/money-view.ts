import { formatMinorAmount } from '@lexfin/money';
import type { MinorAmount } from '../domain/features';

/** Money as the API shows it: a decimal string and its currency. */
export interface MoneyView {
  amount: string;
  currency: string;
}

export function moneyView(amount: MinorAmount): MoneyView {
  return {
    amount: formatMinorAmount(amount.amountMinor, amount.currency),
    currency: amount.currency,
  };
}

export function moneyOf(amountMinor: bigint, currency: string): MoneyView {
  return moneyView({ amountMinor, currency });
}
