import {
  buildDraftLines,
  invoiceTotal,
  linesSummary,
  withTax,
  type DraftTerms,
} from '../../src/domain/invoice-lines';
import { assertVoidable, issuedStatus, openAmount } from '../../src/domain/invoice-status';

const time = [
  {
    id: 't1',
    workDate: '2026-03-02',
    timekeeperId: 'tk',
    tenths: 15,
    rateMinor: 40000n,
    amountMinor: 60000n,
    taskCode: 'L110',
    activityCode: 'A101',
    narrative: 'Review lease',
  },
];
const expenses = [
  {
    id: 'e1',
    incurredOn: '2026-03-03',
    expenseCode: 'E101',
    description: 'Copies',
    quantity: 100,
    unitCostMinor: 10n,
    amountMinor: 1000n,
  },
];
const hourly: DraftTerms = {
  billingArrangement: 'HOURLY',
  periodEnd: '2026-03-31',
  flatFeeMinor: null,
  flatFeeAlreadyBilled: false,
  contingencyRatePpm: null,
  contingencyRecoveryMinor: null,
  taxRatePpm: 0,
};

describe('draft invoice lines', () => {
  it('bills time at its rate and expenses at cost, without tax when the rate is zero', () => {
    const lines = buildDraftLines(time, expenses, hourly);
    expect(lines.map((line) => [line.kind, line.baseMinor])).toEqual([
      ['FEE', 60000n],
      ['EXPENSE', 1000n],
    ]);
    expect(invoiceTotal(lines)).toBe(61000n);
  });

  it('adds a tax line at the matter rate, rounded half-up', () => {
    const lines = buildDraftLines(time, expenses, { ...hourly, taxRatePpm: 88750 });
    expect(lines.at(-1)).toMatchObject({ kind: 'TAX', baseMinor: 5414n }); // 610.00 x 8.875% = 54.1375
    expect(invoiceTotal(lines)).toBe(66414n);
  });

  it('recomputes tax after a write-down', () => {
    const lines = buildDraftLines(time, [], { ...hourly, taxRatePpm: 100000 });
    const adjusted = withTax([{ ...lines[0]!, adjustmentMinor: -10000n }], 100000, '2026-03-31');
    expect(adjusted.map((line) => line.baseMinor + line.adjustmentMinor)).toEqual([50000n, 5000n]);
  });

  it('charges a flat fee once, and lists the time on it at no charge', () => {
    const flat = { ...hourly, billingArrangement: 'FLAT_FEE' as const, flatFeeMinor: 250000n };
    const lines = buildDraftLines(time, [], flat);
    expect(lines.map((line) => [line.kind, line.baseMinor])).toEqual([
      ['FEE', 0n],
      ['FLAT_FEE', 250000n],
    ]);
    const again = buildDraftLines(time, [], { ...flat, flatFeeAlreadyBilled: true });
    expect(again.map((line) => line.kind)).toEqual(['FEE']);
  });

  it('bills hybrid matters hourly plus the flat fee, and a contingency share of a recovery', () => {
    const lines = buildDraftLines(time, [], {
      ...hourly,
      billingArrangement: 'HYBRID',
      flatFeeMinor: 100000n,
      contingencyRatePpm: 333333,
      contingencyRecoveryMinor: 1000000n,
    });
    expect(lines.map((line) => [line.kind, line.baseMinor])).toEqual([
      ['FEE', 60000n],
      ['FLAT_FEE', 100000n],
      ['CONTINGENCY_FEE', 333333n],
    ]);
  });

  it('summarises lines by kind for the issued event', () => {
    const lines = buildDraftLines(time, expenses, { ...hourly, taxRatePpm: 100000 });
    expect(linesSummary(lines)).toEqual({
      lineCount: 3,
      feesMinor: 60000n,
      expensesMinor: 1000n,
      taxMinor: 6100n,
      lateFeesMinor: 0n,
      adjustmentsMinor: 0n,
    });
  });
});

describe('invoice status', () => {
  const amounts = { totalMinor: 1000n, paidMinor: 0n, creditedMinor: 0n, writtenOffMinor: 0n };

  it.each([
    [{}, 'ISSUED', 1000n],
    [{ paidMinor: 400n }, 'PARTIALLY_PAID', 600n],
    [{ paidMinor: 900n, creditedMinor: 100n }, 'PAID', 0n],
    [{ paidMinor: 400n, writtenOffMinor: 600n }, 'WRITTEN_OFF', 0n],
    [{ creditedMinor: 1n }, 'PARTIALLY_PAID', 999n],
  ])('%j is %s with %s open', (change, status, open) => {
    expect(issuedStatus({ ...amounts, ...change })).toBe(status);
    expect(openAmount({ ...amounts, ...change })).toBe(open);
  });

  it('voids drafts and untouched issued invoices only', () => {
    expect(() => assertVoidable({ id: 'i', status: 'DRAFT', ...amounts })).not.toThrow();
    expect(() => assertVoidable({ id: 'i', status: 'ISSUED', ...amounts })).not.toThrow();
    expect(() =>
      assertVoidable({ id: 'i', status: 'PARTIALLY_PAID', ...amounts, paidMinor: 1n }),
    ).toThrow(expect.objectContaining({ code: 'INVOICE_HAS_PAYMENTS' }));
    expect(() => assertVoidable({ id: 'i', status: 'VOID', ...amounts })).toThrow(
      expect.objectContaining({ code: 'INVOICE_NOT_OPEN' }),
    );
  });
});
