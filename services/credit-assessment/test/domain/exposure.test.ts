import { randomUUID } from 'node:crypto';
import { creditFeatures } from '../../src/domain/features';
import { factBook } from '../support/facts';

describe('exposure from the credit file', () => {
  it('is unbilled work + unbilled expenses + open receivables - trust held, per currency and matter', () => {
    const book = factBook();
    const { matterId } = book;
    const usd = { matterId, currency: 'USD' };
    book.opened('2026-01-01');
    const [work1, work2, work3] = [randomUUID(), randomUUID(), randomUUID()];
    book.add('WORK_RECORDED', {
      ...usd,
      ref: work1,
      businessDate: '2026-03-01',
      amountMinor: 100_000n,
    });
    book.add('WORK_RECORDED', {
      ...usd,
      ref: work2,
      businessDate: '2026-03-02',
      amountMinor: 50_000n,
    });
    book.add('WORK_RECORDED', {
      ...usd,
      ref: work2,
      businessDate: '2026-03-02',
      amountMinor: 60_000n,
    }); // edited
    book.add('WORK_RECORDED', {
      ...usd,
      ref: work3,
      businessDate: '2026-03-03',
      amountMinor: 7_000n,
    });
    book.add('WORK_REMOVED', { ...usd, ref: work3, businessDate: '2026-03-03' });
    const expense = randomUUID();
    book.add('EXPENSE_RECORDED', {
      ...usd,
      ref: expense,
      businessDate: '2026-03-04',
      amountMinor: 2_500n,
    });
    // invoice 1,200.00 bills work1 (1,000.00 recorded): it leaves unbilled work
    const invoice = book.invoiceOpen(120_000n, '2026-03-31', '2026-04-30');
    book.add('WORK_BILLED', { ...usd, ref: work1, businessDate: '2026-03-31' });
    book.add('LATE_FEE', { ...usd, ref: invoice, businessDate: '2026-05-15', amountMinor: 1_000n });
    book.add('PAYMENT_APPLIED', {
      ...usd,
      ref: invoice,
      businessDate: '2026-05-20',
      amountMinor: 40_000n,
    });
    book.add('CREDIT_NOTE', {
      ...usd,
      ref: invoice,
      businessDate: '2026-05-21',
      amountMinor: 10_000n,
    });
    book.add('TRUST_IN', { ...usd, businessDate: '2026-02-01', amountMinor: 30_000n });
    book.add('TRUST_OUT', { ...usd, businessDate: '2026-02-02', amountMinor: 5_000n });
    // and a euro matter of its own, never summed with dollars
    const euroMatter = randomUUID();
    book.add('TRUST_IN', {
      matterId: euroMatter,
      currency: 'EUR',
      businessDate: '2026-02-01',
      amountMinor: 90_000n,
    });

    const features = creditFeatures(book.facts, '2026-06-30');
    // USD: unbilled work 600.00 (work2 as edited), expenses 25.00,
    // open 1,200.00 + 10.00 fee - 400.00 paid - 100.00 credit = 710.00, trust 300.00 - 50.00 = 250.00
    // exposure = 600.00 + 25.00 + 710.00 - 250.00 = 1,085.00
    expect(features.currencies).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        trustHeldMinor: 90_000n,
        exposureMinor: -90_000n,
      }),
      expect.objectContaining({
        currency: 'USD',
        unbilledWorkMinor: 60_000n,
        unbilledExpensesMinor: 2_500n,
        openReceivablesMinor: 71_000n,
        trustHeldMinor: 25_000n,
        exposureMinor: 108_500n,
      }),
    ]);
    // 710.00 open, due 2026-04-30: 61 days past due on 2026-06-30
    const usdPosition = features.currencies[1]!;
    expect(usdPosition.aging).toMatchObject({ CURRENT: 0n, D61_90: 71_000n });
    expect(features.matters).toContainEqual(
      expect.objectContaining({ matterId: euroMatter, currency: 'EUR', exposureMinor: -90_000n }),
    );
    expect(features.creditNotes).toBe(1);
    expect(features.credited).toEqual([{ currency: 'USD', amountMinor: 10_000n }]);
  });

  it('folds as of any date: what happened later is not there', () => {
    const book = factBook();
    book.opened('2026-01-01');
    const invoice = book.invoiceOpen(100_000n, '2026-02-01', '2026-03-03');
    book.add('PAYMENT_APPLIED', {
      matterId: book.matterId,
      currency: 'USD',
      ref: invoice,
      businessDate: '2026-04-01',
      amountMinor: 100_000n,
    });
    expect(creditFeatures(book.facts, '2026-03-31').currencies[0]!.openReceivablesMinor).toBe(
      100_000n,
    );
    expect(creditFeatures(book.facts, '2026-04-01').currencies[0]!.openReceivablesMinor).toBe(0n);
  });

  it('reopens an invoice whose payment bounced', () => {
    const book = factBook();
    book.opened('2025-01-01');
    const invoice = book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-01',
      dueDate: '2026-01-31',
      paidOn: '2026-01-31',
    });
    const usd = { matterId: book.matterId, currency: 'USD', ref: invoice };
    book.add('PAYMENT_REOPENED', { ...usd, businessDate: '2026-02-05', amountMinor: 100_000n });
    book.add('PAYMENT_BOUNCED', { ...usd, businessDate: '2026-02-05', amountMinor: 100_000n });
    const features = creditFeatures(book.facts, '2026-03-02');
    expect(features.invoicesPaid).toBe(0);
    expect(features.bouncedPayments).toBe(1);
    expect(features.currencies[0]!.openReceivablesMinor).toBe(100_000n);
    expect(features.longestDaysPastDue).toBe(30);
  });
});

describe("collections' facts", () => {
  it('counts open disputes, broken promises, defaulted plans and agency hand-offs', () => {
    const book = factBook();
    book.opened('2024-01-01');
    book.add('DISPUTE_OPENED', { ref: 'd1', businessDate: '2026-01-10' });
    book.add('DISPUTE_OPENED', { ref: 'd2', businessDate: '2026-02-10' });
    book.add('DISPUTE_RESOLVED', { ref: 'd1', businessDate: '2026-03-10' });
    book.add('PROMISE_BROKEN', { businessDate: '2026-04-01' });
    book.add('PROMISE_BROKEN', { businessDate: '2025-01-01' }); // over 12 months ago
    book.add('PLAN_DEFAULTED', { businessDate: '2025-03-01' });
    book.add('AGENCY_HANDOFF', { businessDate: '2026-05-01' });
    const features = creditFeatures(book.facts, '2026-06-30');
    expect(features).toMatchObject({
      openDisputes: 1,
      brokenPromises: 1,
      plansDefaulted: 1,
      agencyHandoffs: 1,
    });
  });

  it('gives the trend of the last 90 days against the year before', () => {
    const book = factBook();
    book.opened('2024-01-01');
    // the year before: paid on time; the last 90 days: 20 days late -> worsening by 20 days
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2025-10-01',
      dueDate: '2025-10-31',
      paidOn: '2025-10-31',
    });
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      paidOn: '2026-05-21',
    });
    const { trend, shareOfFirmReceivables } = creditFeatures(book.facts, '2026-06-30');
    expect(trend).toEqual({
      recentDaysBeyondTerms: 20,
      priorDaysBeyondTerms: 0,
      direction: 'WORSENING',
    });
    expect(shareOfFirmReceivables).toEqual([]);
  });

  it("gives the client's share of the firm's open receivables", () => {
    const book = factBook();
    book.opened('2026-01-01');
    book.invoiceOpen(25_000n, '2026-06-01', '2026-07-01');
    const features = creditFeatures(book.facts, '2026-06-30', [
      { currency: 'USD', amountMinor: 100_000n },
    ]);
    expect(features.shareOfFirmReceivables).toEqual([{ currency: 'USD', share: 0.25 }]);
  });
});
