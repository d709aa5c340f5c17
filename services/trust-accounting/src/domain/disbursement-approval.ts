import { selfApprovalForbidden } from './trust-errors';

/** Above the account's threshold a disbursement waits for a second person (DOMAIN.md invariant 8). */
export function needsApproval(amountMinor: bigint, thresholdMinor: bigint): boolean {
  return amountMinor > thresholdMinor;
}

/** The second person may not be the one who requested the disbursement. */
export function requireSecondPerson(requestedBy: string, approvedBy: string): void {
  if (requestedBy === approvedBy) throw selfApprovalForbidden();
}
