import { overCover, shortageAlreadyCovered } from './trust-errors';

/**
 * What a returned deposit left a client's ledger short (DOMAIN.md invariant 6), and how much of
 * it the firm has put back from its own operating money so far.
 */
export interface Shortage {
  id: string;
  shortageMinor: bigint;
  coveredMinor: bigint;
  currency: string;
  coveredOn: string | null;
}

export function openMinor(shortage: Pick<Shortage, 'shortageMinor' | 'coveredMinor'>): bigint {
  return shortage.shortageMinor - shortage.coveredMinor;
}

/**
 * The shortage after the firm covers `amountMinor` of it on `coveredOn`. A cover may not exceed
 * what is open: beyond it the firm's money would sit in a client ledger (commingling). Covered in
 * full, the shortage is closed on the day of the last cover, and a closed one takes no more.
 */
export function coverShortage(
  shortage: Shortage,
  amountMinor: bigint,
  coveredOn: string,
): Shortage {
  const open = openMinor(shortage);
  if (open === 0n) throw shortageAlreadyCovered(shortage.id, shortage.coveredOn);
  if (amountMinor > open) throw overCover(open, amountMinor, shortage.currency, shortage.id);
  const coveredMinor = shortage.coveredMinor + amountMinor;
  const closed = coveredMinor === shortage.shortageMinor;
  return { ...shortage, coveredMinor, coveredOn: closed ? coveredOn : null };
}

/**
 * What a returned deposit of `returnedMinor` left the ledger short (DOMAIN.md invariant 6): the
 * part of it already paid out, which other clients' money now stands in for; 0 if none was.
 */
export function shortageLeftBy(returnedMinor: bigint, balanceAfterMinor: bigint): bigint {
  if (balanceAfterMinor >= 0n) return 0n;
  return -balanceAfterMinor < returnedMinor ? -balanceAfterMinor : returnedMinor;
}
