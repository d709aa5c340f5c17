import { isKnownCurrency, parseDecimalAmount } from '@lexfin/money';
import { z } from 'zod';

export const uuidSchema = z.uuid();

export const instantSchema = z.iso
  .datetime({ error: 'must be an ISO 8601 UTC instant such as 2026-01-31T09:30:00Z' })
  .describe('An ISO 8601 UTC instant');

// z.iso.date checks days per month and leap years, so 2026-02-30 is refused.
export const businessDateSchema = z.iso
  .date({ error: 'must be a real calendar date in YYYY-MM-DD form' })
  .describe('A calendar date, YYYY-MM-DD');

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as USD', abort: true })
  .refine(isKnownCurrency, { error: 'is not a known ISO 4217 currency code', abort: true })
  .describe('An ISO 4217 currency code');

/** An IANA zone name, spelled as the runtime spells it (so 'UTC', not 'utc', and no offsets). */
export const timeZoneSchema = z
  .string()
  .refine(isCanonicalTimeZone, 'must be an IANA time zone name such as America/New_York')
  .describe('An IANA time zone name such as America/New_York');

function isCanonicalTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === zone;
  } catch {
    return false;
  }
}

// Same shape as @lexfin/money's parser; here it documents the field in the JSON Schema too.
const DECIMAL_AMOUNT = /^-?\d+(?:\.\d+)?$/;

/** Money on the wire: a decimal string with at most the currency's minor digits, never rounded. */
export const moneySchema = z
  .object({
    amount: z
      .string()
      .regex(DECIMAL_AMOUNT, { error: 'must be a decimal string such as "1234.56"', abort: true }),
    currency: currencySchema,
  })
  // Runs only once amount and currency are each well-formed (their checks abort), so the one
  // thing left to report is decimals the currency does not have.
  .superRefine((money, ctx) => {
    try {
      parseDecimalAmount(money.amount, money.currency);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: (error as Error).message });
    }
  })
  .describe('An amount of money: a decimal string plus its ISO 4217 currency');

export type MoneyJson = z.output<typeof moneySchema>;
