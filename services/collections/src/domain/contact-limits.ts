import { addDays, daysBetween, instantAt, localDate, localDateTime, weekdayOf } from './calendar';
import { effectiveLimits, type ContactLimits } from './policy';

export const CONTACT_CHANNELS = ['EMAIL', 'SMS', 'LETTER', 'CALL'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = [
  'SENT',
  'BOUNCED',
  'FAILED',
  'CONVERSATION',
  'VOICEMAIL',
  'NO_ANSWER',
  'WRONG_NUMBER',
  'LETTER_POSTED',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export interface ContactEntry {
  at: Date;
  channel: ContactChannel;
  outcome: ContactOutcome;
}

/**
 * An attempt is a message that left (email, SMS, letter; a bounce still reached the provider) or a
 * call made. A transient failure sent nothing.
 */
export function isAttempt(entry: ContactEntry): boolean {
  return entry.outcome !== 'FAILED';
}

export function isMessage(entry: ContactEntry): boolean {
  return entry.channel !== 'CALL' && isAttempt(entry);
}

/** What is about to happen: a message counts against one-a-day, a call against the call limit. */
export type ContactKind = 'MESSAGE' | 'CALL';

/** How many days any "N in 7 days" window spans (DOMAIN.md: any 7 consecutive local days). */
const WINDOW_DAYS = 7;
/** How far ahead a free moment is looked for; the limits always free a day within a few weeks. */
const HORIZON_DAYS = 400;

/**
 * The first instant at or after `at` when one more contact of `kind` keeps every limit:
 * the firm's attempts and calls per 7 local days, the quiet days after a conversation, one
 * message per local day, the local sending window and the firm's non-working days. The client's
 * log bounds each of its matters' logs, so the per-client check keeps the per-matter limits too.
 */
export function nextAllowedContact(
  contactLog: readonly ContactEntry[],
  limits: ContactLimits,
  clientZone: string,
  at: Date,
  kind: ContactKind = 'MESSAGE',
): Date {
  const rules = effectiveLimits(limits);
  const attemptsByDay = new Map<string, { attempts: number; calls: number; messages: number }>();
  const conversationDays: string[] = [];
  for (const entry of contactLog) {
    if (!isAttempt(entry)) continue;
    const day = localDate(clientZone, entry.at);
    const count = attemptsByDay.get(day) ?? { attempts: 0, calls: 0, messages: 0 };
    count.attempts += 1;
    if (entry.channel === 'CALL') count.calls += 1;
    else count.messages += 1;
    attemptsByDay.set(day, count);
    if (entry.outcome === 'CONVERSATION') conversationDays.push(day);
  }
  const countOn = (day: string) => attemptsByDay.get(day) ?? { attempts: 0, calls: 0, messages: 0 };
  // A log with fewer attempts (calls) than a window's limit keeps every window under it.
  let loggedAttempts = 0;
  let loggedCalls = 0;
  for (const count of attemptsByDay.values()) {
    loggedAttempts += count.attempts;
    loggedCalls += count.calls;
  }
  const underEveryLimit =
    loggedAttempts < rules.maxAttemptsIn7Days &&
    (kind !== 'CALL' || loggedCalls < rules.maxCallsIn7Days);
  // One more attempt on `day` must keep every 7-day window that contains it under the limit.
  const windowsAllow = (day: string) => {
    if (underEveryLimit) return true;
    for (let first = -(WINDOW_DAYS - 1); first <= 0; first += 1) {
      let attempts = 0;
      let calls = 0;
      for (let offset = 0; offset < WINDOW_DAYS; offset += 1) {
        const count = countOn(addDays(day, first + offset));
        attempts += count.attempts;
        calls += count.calls;
      }
      if (attempts >= rules.maxAttemptsIn7Days) return false;
      if (kind === 'CALL' && calls >= rules.maxCallsIn7Days) return false;
    }
    return true;
  };
  const dayAllows = (day: string) =>
    !rules.nonWorkingDays.includes(weekdayOf(day)) &&
    !conversationDays.some((talked) => {
      const since = daysBetween(talked, day);
      return since >= 0 && since < rules.quietDaysAfterConversation;
    }) &&
    (kind === 'CALL' || countOn(day).messages === 0) &&
    windowsAllow(day);

  const start = localDateTime(clientZone, at);
  for (let offset = 0; offset < HORIZON_DAYS; offset += 1) {
    const day = addDays(start.date, offset);
    if (!dayAllows(day)) continue;
    const opens = instantAt(clientZone, day, rules.windowStartSecond);
    const closes = instantAt(clientZone, day, rules.windowEndSecond);
    const candidate = opens.getTime() > at.getTime() ? opens : at;
    if (candidate.getTime() < closes.getTime()) return candidate;
  }
  throw new RangeError(`no allowed contact moment within ${HORIZON_DAYS} days`);
}

/** Whether a contact of `kind` may happen exactly at `at`. */
export function contactAllowedAt(
  contactLog: readonly ContactEntry[],
  limits: ContactLimits,
  clientZone: string,
  at: Date,
  kind: ContactKind = 'MESSAGE',
): boolean {
  return nextAllowedContact(contactLog, limits, clientZone, at, kind).getTime() === at.getTime();
}
