import { decideAttempt, type AttemptResult } from '../../src/domain/attempt-outcome';
import { DELIVERY_SCHEDULE_MS, DISABLE_AFTER_FAILING_MS } from '../../src/domain/retry-schedule';

const now = new Date('2026-03-06T08:00:00Z');
const answered = (status: number): AttemptResult => ({
  kind: 'answered',
  status,
  latencyMs: 12,
  body: '',
});
const base = {
  now,
  failingSince: null,
  nextDelayMs: 5_000,
  disableAfterFailingMs: DISABLE_AFTER_FAILING_MS,
};

it('follows the schedule of the issue: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
  const minutes = DELIVERY_SCHEDULE_MS.map((ms) => ms / 60_000);
  expect(minutes).toEqual([0, 5 / 60, 5, 30, 120, 300, 600, 600]);
});

it('counts only 2xx as success', () => {
  for (const status of [200, 202, 204, 299]) {
    expect(decideAttempt({ ...base, result: answered(status) })).toEqual({
      delivery: 'SUCCEEDED',
      endpoint: 'HEALTHY',
    });
  }
  for (const status of [199, 301, 304, 400, 429, 500]) {
    expect(decideAttempt({ ...base, result: answered(status) })).toMatchObject({
      delivery: 'PENDING',
      endpoint: 'FAILING',
      failingSince: now,
      retryInMs: 5_000,
    });
  }
});

it('retries no answer, and fails the delivery after its last attempt', () => {
  const timeout: AttemptResult = { kind: 'unanswered', error: 'timeout', latencyMs: 15_000 };
  expect(decideAttempt({ ...base, result: timeout }).delivery).toBe('PENDING');
  expect(decideAttempt({ ...base, result: timeout, nextDelayMs: undefined })).toEqual({
    delivery: 'FAILED',
    endpoint: 'FAILING',
    failingSince: now,
  });
});

it('disables the endpoint on 410 Gone at once', () => {
  expect(decideAttempt({ ...base, result: answered(410) })).toMatchObject({
    delivery: 'FAILED',
    endpoint: 'DISABLE',
    reason: 'RECEIVER_GONE',
  });
});

it('disables the endpoint once it has been failing for 5 days, not before', () => {
  const since = (ms: number) => new Date(now.getTime() - ms);
  const justUnder = {
    ...base,
    result: answered(500),
    failingSince: since(DISABLE_AFTER_FAILING_MS - 1),
  };
  expect(decideAttempt(justUnder).delivery).toBe('PENDING');
  const fiveDays = {
    ...base,
    result: answered(500),
    failingSince: since(DISABLE_AFTER_FAILING_MS),
  };
  expect(decideAttempt(fiveDays)).toMatchObject({
    delivery: 'FAILED',
    endpoint: 'DISABLE',
    reason: 'FAILING_TOO_LONG',
    failingSince: since(DISABLE_AFTER_FAILING_MS),
  });
  expect(decideAttempt({ ...fiveDays, result: answered(200) }).delivery).toBe('SUCCEEDED');
});
