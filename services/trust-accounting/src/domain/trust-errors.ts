import { formatMinorAmount } from '@lexfin/money';
import { ConflictError, DomainRuleError } from '@lexfin/platform/errors';

const show = (minor: bigint, currency: string) =>
  `${formatMinorAmount(minor, currency)} ${currency}`;

export function insufficientTrustFunds(available: bigint, requested: bigint, currency: string) {
  return new DomainRuleError(
    'INSUFFICIENT_TRUST_FUNDS',
    `The ledger has ${show(available, currency)} available but ${show(requested, currency)} was requested`,
    {
      available: formatMinorAmount(available, currency),
      requested: formatMinorAmount(requested, currency),
      currency,
    },
  );
}

export function fundsNotCleared(
  available: bigint,
  uncleared: bigint,
  requested: bigint,
  currency: string,
) {
  return new DomainRuleError(
    'FUNDS_NOT_CLEARED',
    `${show(requested, currency)} was requested but only ${show(available, currency)} has cleared; ${show(uncleared, currency)} is still uncollected`,
    {
      available: formatMinorAmount(available, currency),
      uncleared: formatMinorAmount(uncleared, currency),
      requested: formatMinorAmount(requested, currency),
      currency,
    },
  );
}

export function periodLocked(effectiveDate: string, lockedThrough: string) {
  return new DomainRuleError(
    'PERIOD_LOCKED',
    `Entries dated ${effectiveDate} fall in a reconciled period (signed off through ${lockedThrough}); date it after ${lockedThrough}`,
    { effectiveDate, lockedThrough },
  );
}

/** Refuses an entry dated in a signed-off period. */
export function requireOpenPeriod(effectiveDate: string, lockedThrough: string | null): void {
  if (lockedThrough !== null && effectiveDate <= lockedThrough) {
    throw periodLocked(effectiveDate, lockedThrough);
  }
}

export function selfApprovalForbidden() {
  return new DomainRuleError(
    'SELF_APPROVAL_FORBIDDEN',
    'A disbursement must be approved by someone other than the person who requested it',
  );
}

export function comminglingForbidden() {
  return new DomainRuleError(
    'COMMINGLING_FORBIDDEN',
    "The firm's own money may not go into a client ledger; deposit it to the firm-funds ledger (for bank charges only)",
  );
}

export function overTransfer(open: bigint, requested: bigint, currency: string, invoiceId: string) {
  return new DomainRuleError(
    'OVER_TRANSFER',
    `Invoice ${invoiceId} has ${show(open, currency)} open; ${show(requested, currency)} may not be transferred to operating`,
    {
      invoiceId,
      open: formatMinorAmount(open, currency),
      requested: formatMinorAmount(requested, currency),
      currency,
    },
  );
}

export function overCover(open: bigint, requested: bigint, currency: string, shortageId: string) {
  return new DomainRuleError(
    'OVER_COVER',
    `Shortage ${shortageId} has ${show(open, currency)} open; a cover of ${show(requested, currency)} would put the firm's own money into the client's ledger`,
    {
      field: 'amount',
      shortageId,
      open: formatMinorAmount(open, currency),
      requested: formatMinorAmount(requested, currency),
      currency,
    },
  );
}

export function shortageAlreadyCovered(shortageId: string, coveredOn: string | null) {
  return new ConflictError(
    `Shortage ${shortageId} was covered in full${coveredOn === null ? '' : ` on ${coveredOn}`}; nothing is left to cover`,
    { shortageId, coveredOn },
  );
}
