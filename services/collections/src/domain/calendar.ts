/**
 * Calendar arithmetic for collections: business dates are 'YYYY-MM-DD' strings (arithmetic at UTC
 * midnight), and a client's local day and hour come from its IANA time zone through Intl, which
 * follows daylight-saving changes.
 */

import { DAY_MS, epochDay } from '@lexfin/platform/business-dates';

export { addDays, daysBetween } from '@lexfin/platform/business-dates';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalDateTime {
  date: string;
  /** Seconds since local midnight. */
  secondOfDay: number;
}

/**
 * Recent answers per zone and instant: a sweep works out the same few instants (now, the coming
 * midnights and sending windows) for every client in a zone, and formatToParts is slow.
 */
const recentLocalTimes = new Map<string, LocalDateTime>();
const RECENT_LOCAL_TIMES = 10_000;

/** The wall-clock date and time at `instant` in `timeZone`. */
export function localDateTime(timeZone: string, instant: Date): LocalDateTime {
  const key = `${timeZone} ${instant.getTime()}`;
  const known = recentLocalTimes.get(key);
  if (known !== undefined) return known;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const local = Object.freeze({
    date: `${parts.year}-${parts.month}-${parts.day}`,
    secondOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  });
  if (recentLocalTimes.size >= RECENT_LOCAL_TIMES) recentLocalTimes.clear();
  recentLocalTimes.set(key, local);
  return local;
}

export function localDate(timeZone: string, instant: Date): string {
  return localDateTime(timeZone, instant).date;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(timeZone: string, instant: number): number {
  const local = localDateTime(timeZone, new Date(instant));
  const wallAsUtc = epochDay(local.date) * DAY_MS + local.secondOfDay * 1000;
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant the zone's clock shows `date` at `secondOfDay` (08:00 and 21:00 are never skipped by DST). */
export function instantAt(timeZone: string, date: string, secondOfDay: number): Date {
  const wall = epochDay(date) * DAY_MS + secondOfDay * 1000;
  // The offset at the naive guess is off by an hour only near a change; a second pass settles it.
  const guess = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, guess));
}

export type Weekday =
  'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

const WEEKDAYS: readonly Weekday[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(epochDay(date) * DAY_MS).getUTCDay()]!;
}

/** First day of the month `date` falls in. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** Last day of the month `date` falls in. */
export function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
