import type { BankLine, BookEntry } from './items';

/** Money into trust the bank credits when it collects it: clients' deposits, the firm's covers. */
const RECEIPTS = new Set(['DEPOSIT', 'SHORTAGE_COVER']);
/** Money the firm paid out that the bank pays when the payee presents or collects it. */
const PAYMENTS_OUT = new Set(['DISBURSEMENT', 'REFUND', 'TRANSFER_TO_OPERATING']);

export interface ThreeWayInputs {
  statementBalanceMinor: bigint;
  /** Statement lines and journal entries up to the period end not matched before or now. */
  unmatchedLines: readonly BankLine[];
  unmatchedEntries: readonly BookEntry[];
  journalBalanceMinor: bigint;
  clientLedgersTotalMinor: bigint;
}

export interface ThreeWayResult {
  depositsInTransit: BookEntry[];
  outstandingChecks: BookEntry[];
  unmatchedBankLines: BankLine[];
  /** Book entries the bank should show but does not, other than the two timing items. */
  unmatchedJournalEntries: BookEntry[];
  /** An entry and its reversal, neither at the bank: together they never moved money. */
  cancelledEntries: BookEntry[];
  totalDepositsInTransitMinor: bigint;
  totalOutstandingChecksMinor: bigint;
  /** (a) the statement balance plus deposits in transit less outstanding checks. */
  adjustedBankBalanceMinor: bigint;
  /** (b) every journal entry up to the period end. */
  journalBalanceMinor: bigint;
  /** (c) the ledgers' own balances, taken back to the period end. */
  clientLedgersTotalMinor: bigint;
  balanced: boolean;
}

/**
 * Three-way reconciliation (DOMAIN.md invariant 7): only deposits in transit and outstanding
 * checks adjust the bank balance, since they are timing differences that clear by themselves.
 * Unmatched bank lines (fees, returned items not yet booked) and other unmatched entries are
 * real differences: they keep (a) apart from (b) until the books or the matches are corrected.
 */
export function reconcileThreeWay(inputs: ThreeWayInputs): ThreeWayResult {
  const unmatchedIds = new Set(inputs.unmatchedEntries.map((entry) => entry.id));
  const cancelled = new Set<string>();
  for (const entry of inputs.unmatchedEntries) {
    if (entry.reversesEntryId !== null && unmatchedIds.has(entry.reversesEntryId)) {
      cancelled.add(entry.id).add(entry.reversesEntryId);
    }
  }
  const result: Pick<
    ThreeWayResult,
    'depositsInTransit' | 'outstandingChecks' | 'unmatchedJournalEntries' | 'cancelledEntries'
  > = {
    depositsInTransit: [],
    outstandingChecks: [],
    unmatchedJournalEntries: [],
    cancelledEntries: [],
  };
  for (const entry of inputs.unmatchedEntries) {
    if (cancelled.has(entry.id)) result.cancelledEntries.push(entry);
    else if (RECEIPTS.has(entry.entryType)) result.depositsInTransit.push(entry);
    else if (PAYMENTS_OUT.has(entry.entryType)) result.outstandingChecks.push(entry);
    else result.unmatchedJournalEntries.push(entry);
  }
  const total = (entries: readonly BookEntry[]) =>
    entries.reduce((sum, entry) => sum + entry.amountMinor, 0n);
  const totalDepositsInTransitMinor = total(result.depositsInTransit);
  const totalOutstandingChecksMinor = -total(result.outstandingChecks);
  const adjustedBankBalanceMinor =
    inputs.statementBalanceMinor + totalDepositsInTransitMinor - totalOutstandingChecksMinor;
  return {
    ...result,
    unmatchedBankLines: [...inputs.unmatchedLines],
    totalDepositsInTransitMinor,
    totalOutstandingChecksMinor,
    adjustedBankBalanceMinor,
    journalBalanceMinor: inputs.journalBalanceMinor,
    clientLedgersTotalMinor: inputs.clientLedgersTotalMinor,
    balanced:
      adjustedBankBalanceMinor === inputs.journalBalanceMinor &&
      inputs.journalBalanceMinor === inputs.clientLedgersTotalMinor,
  };
}
