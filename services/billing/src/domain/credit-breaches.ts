export type CreditBreachCause = 'OVER_LIMIT' | 'HOLD_GRADE';

/**
 * A breach as billing has recorded it: opened when its breached event arrived, closed when its
 * restored event did. Either event may come first (a dead letter replayed late).
 */
export interface RecordedBreach {
  opened: boolean;
  closed: boolean;
}

/**
 * What a breached event does: a new breach is recorded and holds the client's matters; one
 * already restored only has what it was filled in (no hold, it is over); one already open
 * (the same breach again) nothing.
 */
export function answerToBreached(
  recorded: RecordedBreach | undefined,
): 'OPEN_AND_HOLD' | 'RECORD_RESTORED' | 'NOTHING' {
  if (!recorded) return 'OPEN_AND_HOLD';
  return recorded.closed && !recorded.opened ? 'RECORD_RESTORED' : 'NOTHING';
}

/**
 * What a restored event does: an open breach closes, and the credit holds go with the client's
 * last active breach; a breach not yet seen is recorded closed, so its late breached event holds
 * nothing; one already closed, nothing.
 */
export function answerToRestored(
  recorded: RecordedBreach | undefined,
  otherActiveBreaches: number,
): 'CLOSE_AND_RELEASE' | 'CLOSE' | 'RECORD_EARLY' | 'NOTHING' {
  if (!recorded) return 'RECORD_EARLY';
  if (recorded.closed) return 'NOTHING';
  return otherActiveBreaches === 0 ? 'CLOSE_AND_RELEASE' : 'CLOSE';
}
