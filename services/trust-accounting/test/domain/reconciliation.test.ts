import { autoMatch } from '../../src/domain/reconciliation/auto-match';
import type { BankLine, BookEntry } from '../../src/domain/reconciliation/items';
import { reconcileThreeWay } from '../../src/domain/reconciliation/three-way';

const line = (
  id: string,
  postedOn: string,
  amountMinor: bigint,
  checkNumber: string | null = null,
): BankLine => ({
  id,
  bankReference: `BK-${id}`,
  postedOn,
  amountMinor,
  description: id,
  checkNumber,
});

const entry = (
  id: string,
  entryType: string,
  effectiveDate: string,
  amountMinor: bigint,
  extra: Partial<BookEntry> = {},
): BookEntry => ({
  id,
  entryType,
  effectiveDate,
  amountMinor,
  description: id,
  reference: null,
  reversesEntryId: null,
  clientId: null,
  matterId: null,
  ...extra,
});

describe('autoMatch', () => {
  it('matches checks by number however late they clear, other items by amount near their date', () => {
    const matches = autoMatch(
      [
        line('check-late', '2026-05-20', -15_000n, '1002'),
        line('check-other', '2026-03-06', -15_000n, '1003'),
        line('wire', '2026-03-03', 100_000n),
        line('wire-too-late', '2026-03-20', 50_000n),
      ],
      [
        entry('disbursement', 'DISBURSEMENT', '2026-03-05', -15_000n, { reference: '1002' }),
        entry('deposit', 'DEPOSIT', '2026-03-02', 100_000n),
        entry('deposit-2', 'DEPOSIT', '2026-03-02', 50_000n),
      ],
    );
    expect(matches).toEqual([
      { statementLineId: 'check-late', entryId: 'disbursement' },
      { statementLineId: 'wire', entryId: 'deposit' },
    ]);
  });

  it('pairs equal amounts one to one, the nearest date first', () => {
    const matches = autoMatch(
      [line('a', '2026-03-09', 1_000n), line('b', '2026-03-02', 1_000n)],
      [entry('x', 'DEPOSIT', '2026-03-01', 1_000n), entry('y', 'DEPOSIT', '2026-03-08', 1_000n)],
    );
    expect(matches).toEqual([
      { statementLineId: 'b', entryId: 'x' },
      { statementLineId: 'a', entryId: 'y' },
    ]);
  });
});

describe('reconcileThreeWay', () => {
  // Bank: 1,000.00 wire in, a 300.00 deposit in and returned, 200.00 check paid, 25.00 fee.
  // Books also hold a 500.00 deposit in transit, a 150.00 outstanding check, and a 40.00
  // deposit recorded in error and reversed before the bank saw it.
  const inputs = {
    statementBalanceMinor: 77_500n,
    unmatchedLines: [line('fee', '2026-03-31', -2_500n)],
    unmatchedEntries: [
      entry('in-transit', 'DEPOSIT', '2026-03-30', 50_000n),
      entry('check-1002', 'DISBURSEMENT', '2026-03-28', -15_000n, { reference: '1002' }),
      entry('error', 'DEPOSIT', '2026-03-12', 4_000n),
      entry('error-reversed', 'REVERSAL', '2026-03-13', -4_000n, { reversesEntryId: 'error' }),
    ],
    journalBalanceMinor: 115_000n,
    clientLedgersTotalMinor: 115_000n,
  };

  it('adjusts the bank balance for deposits in transit and outstanding checks only', () => {
    const result = reconcileThreeWay(inputs);
    expect(result.depositsInTransit.map((e) => e.id)).toEqual(['in-transit']);
    expect(result.outstandingChecks.map((e) => e.id)).toEqual(['check-1002']);
    expect(result.cancelledEntries.map((e) => e.id)).toEqual(['error', 'error-reversed']);
    expect(result.unmatchedBankLines.map((l) => l.id)).toEqual(['fee']);
    expect(result).toMatchObject({
      totalDepositsInTransitMinor: 50_000n,
      totalOutstandingChecksMinor: 15_000n,
      adjustedBankBalanceMinor: 112_500n,
      balanced: false,
    });
  });

  it("counts the firm's shortage cover the bank has not credited yet as a deposit in transit", () => {
    const result = reconcileThreeWay({
      ...inputs,
      unmatchedEntries: [
        ...inputs.unmatchedEntries,
        entry('cover', 'SHORTAGE_COVER', '2026-03-31', 30_000n),
      ],
      journalBalanceMinor: 145_000n,
      clientLedgersTotalMinor: 145_000n,
    });
    expect(result.depositsInTransit.map((e) => e.id)).toEqual(['in-transit', 'cover']);
    expect(result.unmatchedJournalEntries).toEqual([]);
    expect(result.totalDepositsInTransitMinor).toBe(80_000n);
  });

  it('agrees once the fee is booked', () => {
    const booked = { ...inputs, journalBalanceMinor: 112_500n, clientLedgersTotalMinor: 112_500n };
    expect(reconcileThreeWay({ ...booked, unmatchedLines: [] }).balanced).toBe(true);
  });

  it('does not agree when the ledgers drifted from the journal', () => {
    const drifted = {
      ...inputs,
      unmatchedLines: [],
      journalBalanceMinor: 112_500n,
      clientLedgersTotalMinor: 112_499n,
    };
    expect(reconcileThreeWay(drifted).balanced).toBe(false);
  });
});
