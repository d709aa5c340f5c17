import { z } from 'zod';
import { formatMinorAmount, isKnownCurrency, Money, MoneyError } from '@lexfin/money';

/** PostgreSQL's bigint holds minor units up to this; a larger amount could not be stored. */
export const MAX_MINOR_UNITS = 9_223_372_036_854_775_807n;

/**
 * A MoneyInput `{ amount, currency }` read strictly (never rounded, API.md): a bad amount or
 * currency is reported under `amount` or `currency`, an amount past what can be stored names the
 * bound.
 */
export const money = z
  .object({ amount: z.string(), currency: z.string() })
  .transform((value, ctx) => {
    try {
      const parsed = Money.parse(value.amount, value.currency);
      const magnitude = parsed.minor < 0n ? -parsed.minor : parsed.minor;
      if (magnitude > MAX_MINOR_UNITS) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message: `must be at most ${formatMinorAmount(MAX_MINOR_UNITS, parsed.currency)} ${parsed.currency} either way`,
        });
        return z.NEVER;
      }
      return parsed;
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      const field = isKnownCurrency(value.currency) ? 'amount' : 'currency';
      ctx.addIssue({ code: 'custom', path: [field], message: error.message });
      return z.NEVER;
    }
  });

/** Money that must be more than zero (deposits, payments, limits). */
export const positiveMoney = money.refine((value) => value.isPositive(), {
  message: 'must be more than zero',
  path: ['amount'],
});
