import { minorDigits, type Money } from '@lexfin/money';
import { cached } from './cached';

/** Intl formatters are costly to build (most of a render's time) and reusable: one per key. */
const moneyFormat = cached((key) => {
  const [locale, currency] = key.split('|') as [string, string];
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
});

const dateFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
);

const pluralRules = cached((locale) => new Intl.PluralRules(locale));

/**
 * Intl separates currency code and number with no-break spaces; plain spaces keep the text the
 * same in every channel (an SMS with a no-break space leaves the GSM alphabet and costs double).
 */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * `USD 1,250.00` (en), `1250,00 USD` (es). Intl reads the exact decimal string, so no float is
 * ever involved; the digits are the currency's ISO 4217 minor units.
 */
export function formatMoney(amount: Money, locale: string): string {
  const format = moneyFormat(`${locale}|${amount.currency}`);
  return plainSpaces(format.format(amount.toDecimalString() as `${number}`));
}

/** `January 15, 2027` (en), `15 de enero de 2027` (es) for a YYYY-MM-DD calendar date. */
export function formatCalendarDate(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return dateFormat(locale).format(Date.UTC(year, month - 1, day));
}

/** Intl's plural category ('one', 'other', ...) for `count` in `locale`. */
export function pluralCategory(count: number, locale: string): Intl.LDMLPluralRule {
  return pluralRules(locale).select(count);
}
