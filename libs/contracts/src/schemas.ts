import { isKnownCurrency, parseDecimalAmount } from '@lexfin/money';
import { isValid as isValidCountry } from 'i18n-iso-countries';
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

/**
 * An ISO 3166-1 alpha-2 country code. Intl.DisplayNames is not enough: it also names regions that
 * are no countries (EU, UN, QO) and the reserved UK, so the code is checked against the ISO list.
 */
export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code such as US', abort: true })
  .refine((code) => isValidCountry(code), { error: 'is not an ISO 3166-1 country code' })
  .describe('An ISO 3166-1 alpha-2 country code such as US');

/**
 * An ISO 3166-2 subdivision code, the country's code first (US-CA). The format is checked for
 * every country; for the countries firms practise in most (US, CA) the code must be on the list.
 */
export const subdivisionCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, {
    error: 'must be an ISO 3166-2 subdivision code such as US-CA',
    abort: true,
  })
  .refine(isListedSubdivision, { error: 'is not an ISO 3166-2 subdivision of its country' })
  .describe('An ISO 3166-2 subdivision code such as US-CA');

/** A subdivision must belong to the country it is given with. */
export function subdivisionInCountry(region: string, country: string): boolean {
  return region.startsWith(`${country}-`);
}

/** A phone number in E.164 form: + then up to 15 digits, no leading zero, nothing else. */
export const phoneNumberSchema = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, { error: 'must be an E.164 phone number such as +14155550123' })
  .describe('A phone number in E.164 form such as +14155550123');

/** A BCP 47 language tag, spelled canonically (en-US, not en-us). */
export const languageTagSchema = z
  .string()
  .refine(isCanonicalLanguageTag, 'must be a BCP 47 language tag such as en-US')
  .describe('A BCP 47 language tag such as en-US');

function isCanonicalLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag;
  } catch {
    return false;
  }
}

function isListedSubdivision(code: string): boolean {
  const [country, subdivision] = code.split('-') as [string, string];
  if (!isValidCountry(country)) return false;
  const listed = listedSubdivisions[country];
  return listed === undefined || listed.includes(subdivision);
}

// ISO 3166-2:US (the states, the District of Columbia and the outlying areas) and ISO 3166-2:CA.
const listedSubdivisions: Record<string, readonly string[]> = {
  US: [
    ...['AK', 'AL', 'AR', 'AZ', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'IA', 'ID', 'IL', 'IN'],
    ...['KS', 'KY', 'LA', 'MA', 'MD', 'ME', 'MI', 'MN', 'MO', 'MS', 'MT', 'NC', 'ND', 'NE', 'NH'],
    ...['NJ', 'NM', 'NV', 'NY', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VA'],
    ...['VT', 'WA', 'WI', 'WV', 'WY', 'DC', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI'],
  ],
  CA: ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'],
};

/** A client's credit grade, best to worst. */
export const creditGrades = ['A', 'B', 'C', 'D', 'E'] as const;
export type CreditGrade = (typeof creditGrades)[number];
export const creditGradeSchema = z.enum(creditGrades).describe('A credit grade, A (best) to E');
