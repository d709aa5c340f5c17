import { BillingRule, ruleBroken } from './errors';
import type { MatterStatus } from './types';

export type CreditHoldSource = 'PERSON' | 'CREDIT';

/** One source's hold on a matter: a person's (who and why) or credit's (the breach it answers). */
export type CreditHold =
  | { source: 'PERSON'; placedBy: string; reason: string }
  | { source: 'CREDIT'; placedBy: string; reason: string; breachId: string };

export interface HeldMatter {
  id: string;
  status: MatterStatus;
  holds: readonly CreditHold[];
}

/** What a hold change leaves: the holds that remain and the matter's status from them. */
export interface HoldOutcome {
  holds: CreditHold[];
  status: MatterStatus;
}

/** A matter is open for new work only when no source holds it. */
function outcome(holds: CreditHold[]): HoldOutcome {
  return { holds, status: holds.length === 0 ? 'OPEN' : 'ON_HOLD' };
}

function assertNotClosed(matter: HeldMatter): void {
  if (matter.status === 'CLOSED') {
    throw ruleBroken(BillingRule.MATTER_CLOSED, 'The matter is closed', { matterId: matter.id });
  }
}

export function isHeldBy(matter: HeldMatter, source: CreditHoldSource): boolean {
  return matter.holds.some((hold) => hold.source === source);
}

/** Adds a source's hold; another source's hold already there stays beside it. */
export function placeHold(matter: HeldMatter, hold: CreditHold): HoldOutcome {
  assertNotClosed(matter);
  if (isHeldBy(matter, hold.source)) {
    throw ruleBroken(
      BillingRule.MATTER_NOT_OPEN,
      `The matter is already on credit hold by ${hold.source === 'PERSON' ? 'a person' : 'credit'}`,
      { matterId: matter.id, source: hold.source },
    );
  }
  return outcome([...matter.holds, hold]);
}

/** Releases one source's hold; the others keep the matter on hold. */
export function releaseHold(matter: HeldMatter, source: CreditHoldSource): HoldOutcome {
  assertNotClosed(matter);
  if (!isHeldBy(matter, source)) {
    throw ruleBroken(
      BillingRule.MATTER_NOT_OPEN,
      `The matter is not on credit hold by ${source === 'PERSON' ? 'a person' : 'credit'}`,
      { matterId: matter.id, source },
    );
  }
  return outcome(matter.holds.filter((hold) => hold.source !== source));
}

/** The reason shown on the matter: a person's hold first, since a person can act on it. */
export function shownHoldReason(holds: readonly CreditHold[]): string | null {
  return (holds.find((hold) => hold.source === 'PERSON') ?? holds[0])?.reason ?? null;
}
