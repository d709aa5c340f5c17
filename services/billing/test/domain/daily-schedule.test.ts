import { dailyRunDueOn } from '../../src/domain/daily-schedule';

describe('when a firm’s daily run is due', () => {
  it.each([
    ['America/New_York', null, '2026-03-08T05:14:00Z', null], // 00:14 EST
    ['America/New_York', null, '2026-03-08T05:15:00Z', '2026-03-08'],
    ['America/New_York', '2026-03-08', '2026-03-08T23:00:00Z', null],
    ['America/New_York', '2026-03-08', '2026-03-09T04:15:00Z', '2026-03-09'], // 00:15 EDT
    ['Asia/Kolkata', '2026-05-01', '2026-05-01T18:44:00Z', null], // 00:14 IST (UTC+05:30)
    ['Asia/Kolkata', '2026-05-01', '2026-05-01T18:45:00Z', '2026-05-02'],
    ['Pacific/Kiritimati', '2026-05-01', '2026-05-01T10:15:00Z', '2026-05-02'], // UTC+14
    ['Pacific/Pago_Pago', '2026-04-30', '2026-05-01T11:15:00Z', '2026-05-01'], // UTC-11
    ['UTC', '2026-05-02', '2026-05-01T12:00:00Z', null], // a later date already covered
  ])('%s, last run %s, at %s: %s', (zone, lastRun, instant, due) => {
    expect(dailyRunDueOn(zone, lastRun, new Date(instant))).toBe(due);
  });
});
