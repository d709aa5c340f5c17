/** A line of an imported bank statement. */
export interface BankLine {
  id: string;
  bankReference: string;
  postedOn: string;
  /** Signed: positive is money the bank received. */
  amountMinor: bigint;
  description: string;
  checkNumber: string | null;
}

/** A journal entry as reconciliation sees it: a movement the bank should show. */
export interface BookEntry {
  id: string;
  entryType: string;
  effectiveDate: string;
  /** Signed: positive is money into trust. */
  amountMinor: bigint;
  description: string;
  /** Check number or the payor's reference. */
  reference: string | null;
  reversesEntryId: string | null;
  clientId: string | null;
  matterId: string | null;
}

export interface LineMatch {
  statementLineId: string;
  entryId: string;
}

const DAY_MS = 86_400_000;

/** Days since the epoch of a 'YYYY-MM-DD' business date. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}
