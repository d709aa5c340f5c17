import type { EntryType } from './journal-entry';
import { comminglingForbidden } from './trust-errors';

/** The entries the firm-funds ledger takes: the firm's own money in, the bank's charges out. */
const FIRM_FUNDS_ENTRIES: readonly EntryType[] = [
  'DEPOSIT',
  'DEPOSIT_RETURNED',
  'BANK_CHARGE',
  'REVERSAL',
];

/**
 * Trust holds client money (DOMAIN.md invariant 3): the firm's own money only in its firm-funds
 * ledger and only to pay bank charges, which no client ledger pays.
 */
export function requireLedgerUse(
  ledgerKind: 'CLIENT_MATTER' | 'FIRM_FUNDS',
  entryType: EntryType,
): void {
  const firmFunds = ledgerKind === 'FIRM_FUNDS';
  if (firmFunds ? !FIRM_FUNDS_ENTRIES.includes(entryType) : entryType === 'BANK_CHARGE') {
    throw comminglingForbidden();
  }
}
