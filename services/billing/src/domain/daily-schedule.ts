import { dateIn } from '@lexfin/platform/business-dates';

/** The local time of day from which a firm's daily run is due: 00:15, as minutes after midnight. */
export const DAILY_RUN_MINUTE = 15;

function minutesIntoDay(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return part('hour') * 60 + part('minute');
}

/**
 * The business date a firm's daily run is due for at `instant`, or null: due once its local
 * time has reached 00:15 on a date later than the one it last covered. A sweep that was missed
 * runs the date it finds (the run itself catches up on what earlier dates left).
 */
export function dailyRunDueOn(
  timeZone: string,
  lastRunOn: string | null,
  instant: Date,
): string | null {
  if (minutesIntoDay(timeZone, instant) < DAILY_RUN_MINUTE) return null;
  const today = dateIn(timeZone, instant);
  return lastRunOn !== null && lastRunOn >= today ? null : today;
}
