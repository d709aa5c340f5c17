import { nextAllowedContact, type ContactEntry } from '../../src/domain/contact-limits';
import { HARD_LIMITS } from '../../src/domain/policy';

const NEW_YORK = 'America/New_York';
const at = (iso: string) => new Date(iso);
const sent = (iso: string, channel: ContactEntry['channel'] = 'EMAIL'): ContactEntry => ({
  at: at(iso),
  channel,
  outcome: channel === 'CALL' ? 'NO_ANSWER' : 'SENT',
});

describe('nextAllowedContact', () => {
  it('waits for 08:00 client time, on the day clocks go forward too', () => {
    // 8 March 2026: New York goes from EST (UTC-5) to EDT (UTC-4) at 02:00.
    expect(nextAllowedContact([], HARD_LIMITS, NEW_YORK, at('2026-03-08T06:00:00Z'))).toEqual(
      at('2026-03-08T12:00:00Z'),
    );
    // the day before, still EST
    expect(nextAllowedContact([], HARD_LIMITS, NEW_YORK, at('2026-03-07T06:00:00Z'))).toEqual(
      at('2026-03-07T13:00:00Z'),
    );
  });

  it('allows up to 20:59:59 and moves 21:00 to the next morning', () => {
    expect(nextAllowedContact([], HARD_LIMITS, NEW_YORK, at('2026-06-01T00:59:59Z'))).toEqual(
      at('2026-06-01T00:59:59Z'),
    );
    expect(nextAllowedContact([], HARD_LIMITS, NEW_YORK, at('2026-06-01T01:00:00Z'))).toEqual(
      at('2026-06-01T12:00:00Z'),
    );
  });

  it('counts days in zones east of UTC by their own calendar', () => {
    // Tokyo (UTC+9): 23:30Z on 1 June is 08:30 on 2 June there.
    expect(
      nextAllowedContact(
        [sent('2026-06-01T01:00:00Z')],
        HARD_LIMITS,
        'Asia/Tokyo',
        at('2026-06-01T23:30:00Z'),
      ),
    ).toEqual(at('2026-06-01T23:30:00Z'));
  });

  it('sends at most one message a local day', () => {
    expect(
      nextAllowedContact(
        [sent('2026-06-01T14:00:00Z')],
        HARD_LIMITS,
        NEW_YORK,
        at('2026-06-01T15:00:00Z'),
      ),
    ).toEqual(at('2026-06-02T12:00:00Z'));
  });

  it('keeps 7 attempts in any 7 consecutive days across channels', () => {
    // one email a day on 1-5 June and two calls on 6 June: seven attempts in 1-7 June
    const log = [1, 2, 3, 4, 5].map((day) => sent(`2026-06-0${day}T14:00:00Z`));
    log.push(sent('2026-06-06T14:00:00Z', 'CALL'), sent('2026-06-06T15:00:00Z', 'CALL'));
    // 7 June would make eight in 1-7 June; 8 June's window 2-8 June holds six: allowed
    expect(nextAllowedContact(log, HARD_LIMITS, NEW_YORK, at('2026-06-07T13:00:00Z'))).toEqual(
      at('2026-06-08T12:00:00Z'),
    );
  });

  it('takes no attempt on the conversation day and the six after it', () => {
    const log: ContactEntry[] = [
      { at: at('2026-06-01T15:00:00Z'), channel: 'CALL', outcome: 'CONVERSATION' },
    ];
    expect(
      nextAllowedContact(log, HARD_LIMITS, NEW_YORK, at('2026-06-02T13:00:00Z'), 'CALL'),
    ).toEqual(at('2026-06-08T12:00:00Z'));
  });

  it('honours a stricter firm setting: two calls in 7 days', () => {
    const limits = { ...HARD_LIMITS, maxCallsIn7Days: 2 };
    const log = [sent('2026-06-01T14:00:00Z', 'CALL'), sent('2026-06-03T14:00:00Z', 'CALL')];
    expect(nextAllowedContact(log, limits, NEW_YORK, at('2026-06-04T13:00:00Z'), 'CALL')).toEqual(
      at('2026-06-08T12:00:00Z'),
    );
    // an email is still allowed
    expect(nextAllowedContact(log, limits, NEW_YORK, at('2026-06-04T13:00:00Z'))).toEqual(
      at('2026-06-04T13:00:00Z'),
    );
  });

  it('never loosens the hard rules, whatever the firm sets', () => {
    const loose = {
      ...HARD_LIMITS,
      maxAttemptsIn7Days: 50,
      windowStartSecond: 0,
      windowEndSecond: 86_400,
    };
    expect(nextAllowedContact([], loose, NEW_YORK, at('2026-06-01T05:00:00Z'))).toEqual(
      at('2026-06-01T12:00:00Z'),
    );
  });

  it("skips the firm's non-working days when its policy says so", () => {
    const limits = { ...HARD_LIMITS, nonWorkingDays: ['SATURDAY' as const, 'SUNDAY' as const] };
    // Saturday 6 June 2026 -> Monday 8 June
    expect(nextAllowedContact([], limits, NEW_YORK, at('2026-06-06T14:00:00Z'))).toEqual(
      at('2026-06-08T12:00:00Z'),
    );
  });

  it('does not count a transient failure as an attempt', () => {
    const log: ContactEntry[] = [
      { at: at('2026-06-01T14:00:00Z'), channel: 'EMAIL', outcome: 'FAILED' },
    ];
    expect(nextAllowedContact(log, HARD_LIMITS, NEW_YORK, at('2026-06-01T15:00:00Z'))).toEqual(
      at('2026-06-01T15:00:00Z'),
    );
  });
});
