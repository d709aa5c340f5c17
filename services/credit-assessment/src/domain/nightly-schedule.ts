import { dateIn } from '@lexfin/platform/business-dates';

/** The local hour from which a firm's nightly re-assessment is due: 01:00, after billing's 00:15 run. */
export const NIGHTLY_RUN_HOUR = 1;

function hourOfDay(timeZone: string, instant: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
      instant,
    ),
  );
}

/**
 * The business date a firm's nightly re-assessment is due for at `instant`, or null: due once its
 * local time has reached 01:00 on a date later than the one it last covered.
 */
export function nightlyRunDueOn(
  timeZone: string,
  lastRunOn: string | null,
  instant: Date,
): string | null {
  if (hourOfDay(timeZone, instant) < NIGHTLY_RUN_HOUR) return null;
  const today = dateIn(timeZone, instant);
  return lastRunOn !== null && lastRunOn >= today ? null : today;
}
