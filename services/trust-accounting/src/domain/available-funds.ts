import { fundsNotCleared, insufficientTrustFunds } from './trust-errors';

export interface LedgerFunds {
  balanceMinor: bigint;
  unclearedMinor: bigint;
  currency: string;
}

/** Collected money that may be paid out: the balance less deposits the bank has not collected. */
export function availableMinor(ledger: LedgerFunds): bigint {
  return ledger.balanceMinor - ledger.unclearedMinor;
}

/**
 * Why a payment of `requested` may not leave the ledger: the ledger would go below zero
 * (INSUFFICIENT_TRUST_FUNDS), or only uncollected deposits would cover it (FUNDS_NOT_CLEARED).
 */
export function refusalFor(ledger: LedgerFunds, requested: bigint): Error | undefined {
  const available = availableMinor(ledger);
  if (requested <= available) return undefined;
  if (requested <= ledger.balanceMinor) {
    return fundsNotCleared(available, ledger.unclearedMinor, requested, ledger.currency);
  }
  return insufficientTrustFunds(available, requested, ledger.currency);
}

export interface LedgerMovement {
  /** Signed: positive puts money into trust, negative takes it out. */
  amountMinor: bigint;
  /** Change to the ledger's uncollected deposits. */
  unclearedDeltaMinor: bigint;
  /** Money leaving for someone: refused unless collected funds cover it. */
  guarded: boolean;
}

/**
 * The ledger after a movement, or the refusal that leaves it as it was: a guarded movement may take
 * no more than the collected funds. The one statement of DOMAIN.md's rules 1 and 2: every posting
 * goes through it (the posting engine applies it to ledgers it holds locked).
 */
export function moveFunds(ledger: LedgerFunds, movement: LedgerMovement): LedgerFunds {
  if (movement.guarded) {
    // Taking back an uncollected deposit takes nothing collected, yet lowers the balance: on a
    // ledger short of it (a returned deposit already spent) the balance would go below zero.
    const refusal =
      ledger.balanceMinor + movement.amountMinor < 0n
        ? insufficientTrustFunds(availableMinor(ledger), -movement.amountMinor, ledger.currency)
        : refusalFor(ledger, movement.unclearedDeltaMinor - movement.amountMinor);
    if (refusal) throw refusal;
  }
  return {
    ...ledger,
    balanceMinor: ledger.balanceMinor + movement.amountMinor,
    unclearedMinor: ledger.unclearedMinor + movement.unclearedDeltaMinor,
  };
}
