/**
 * Business dates are 'YYYY-MM-DD' calendar dates; arithmetic on them is done at UTC midnight, so
 * no time zone or daylight-saving change moves a date. Domain code imports this entry
 * ('@lexfin/platform/business-dates'), which loads nothing else.
 */

export const DAY_MS = 86_400_000;

/**
 * Day numbers of the dates met so far: a credit file's or a ledger's folds meet the same few
 * dates again and again, and parsing one is most of what their date arithmetic costs. Bounded.
 */
const dayNumbers = new Map<string, number>();
const MAX_DAY_NUMBERS = 10_000;

/** Days since 1970-01-01 (UTC midnight of the date). */
export function epochDay(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (dayNumbers.size >= MAX_DAY_NUMBERS) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

export function addDays(date: string, days: number): string {
  return new Date((epochDay(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

/**
 * Formatters by time zone: building one costs far more than formatting with it, and a firm's
 * "today" is asked for on every request. Bounded (a zone is any string a caller passes).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_DATE_FORMATS = 1_000;

/** The calendar date it is at `instant` in `timeZone`: "today" for a firm in that zone. */
export function dateIn(timeZone: string, instant: Date): string {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (dateFormats.size >= MAX_DATE_FORMATS) dateFormats.clear();
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}
