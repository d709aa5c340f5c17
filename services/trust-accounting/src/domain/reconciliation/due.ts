/** Days after a month end by which its three-way reconciliation should be signed off. */
export const RECONCILE_WITHIN_DAYS = 10;

const DAY_MS = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The latest month end whose reconciliation is overdue on `today` (a business date): the last
 * month end whose day to sign off by has passed.
 */
export function overdueMonthEnd(
  today: string,
  withinDays = RECONCILE_WITHIN_DAYS,
): { periodEnd: string; dueBy: string } {
  const day = new Date(`${today}T00:00:00Z`);
  for (let monthsBack = 0; ; monthsBack += 1) {
    // Day 0 of a month is the last day of the month before.
    const monthEnd = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() - monthsBack, 0));
    const dueBy = new Date(monthEnd.getTime() + withinDays * DAY_MS);
    if (dueBy < day) return { periodEnd: isoDate(monthEnd), dueBy: isoDate(dueBy) };
  }
}
