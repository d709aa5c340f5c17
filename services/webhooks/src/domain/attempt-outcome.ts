/** What one HTTP attempt came to: an answer (any status), or no answer at all. */
export type AttemptResult =
  | { kind: 'answered'; status: number; latencyMs: number; body: string }
  | { kind: 'unanswered'; error: string; latencyMs: number };

export type EndpointDisabledReason = 'RECEIVER_GONE' | 'FAILING_TOO_LONG' | 'DISABLED_BY_USER';

export type AttemptDecision =
  | { delivery: 'SUCCEEDED'; endpoint: 'HEALTHY' }
  | { delivery: 'PENDING'; endpoint: 'FAILING'; failingSince: Date; retryInMs: number }
  | { delivery: 'FAILED'; endpoint: 'FAILING'; failingSince: Date }
  | { delivery: 'FAILED'; endpoint: 'DISABLE'; reason: EndpointDisabledReason; failingSince: Date };

export interface AttemptFacts {
  result: AttemptResult;
  now: Date;
  /** When the endpoint's current run of failures began; null while it is healthy. */
  failingSince: Date | null;
  /** The delay before the next attempt of this delivery; undefined when this was its last. */
  nextDelayMs: number | undefined;
  disableAfterFailingMs: number;
}

/**
 * Only a 2xx answer is a success. 410 Gone means the receiver was removed on purpose: the endpoint
 * is disabled at once. Any other failure is retried on the schedule, unless the endpoint has been
 * failing for longer than the limit, which disables it.
 */
export function decideAttempt(facts: AttemptFacts): AttemptDecision {
  const { result, now } = facts;
  if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
    return { delivery: 'SUCCEEDED', endpoint: 'HEALTHY' };
  }
  const failingSince = facts.failingSince ?? now;
  if (result.kind === 'answered' && result.status === 410) {
    return { delivery: 'FAILED', endpoint: 'DISABLE', reason: 'RECEIVER_GONE', failingSince };
  }
  if (now.getTime() - failingSince.getTime() >= facts.disableAfterFailingMs) {
    return { delivery: 'FAILED', endpoint: 'DISABLE', reason: 'FAILING_TOO_LONG', failingSince };
  }
  if (facts.nextDelayMs === undefined) {
    return { delivery: 'FAILED', endpoint: 'FAILING', failingSince };
  }
  return { delivery: 'PENDING', endpoint: 'FAILING', failingSince, retryInMs: facts.nextDelayMs };
}
