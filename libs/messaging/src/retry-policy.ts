/** How often and how patiently a consumer retries a failing message before dead-lettering it. */
export interface RetryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 5_000,
};

/** Errors that no retry can fix (a message that does not decode, an unknown event type). */
const permanentCodes = new Set(['UNKNOWN_EVENT_TYPE', 'EVENT_VALIDATION_FAILED', 'POISON_MESSAGE']);

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const candidate = error as { retryable?: unknown; code?: unknown };
  if (candidate.retryable === false) return false;
  return !(typeof candidate.code === 'string' && permanentCodes.has(candidate.code));
}

export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
}

/** Thrown by a handler for a message it can never process; it goes straight to the dead letters. */
export class PoisonMessageError extends Error {
  readonly code = 'POISON_MESSAGE';
  readonly retryable = false;
}
