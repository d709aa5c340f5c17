import { creditFeatures } from '../../src/domain/features';
import { paymentIndex } from '../../src/domain/payment-index';
import { factBook } from '../support/facts';

describe('the payment index (DOMAIN.md table, linear between its points)', () => {
  it('reads the table at its points and clamps beyond them', () => {
    expect(paymentIndex(-45)).toBe(100);
    expect(paymentIndex(-30)).toBe(100);
    expect(paymentIndex(-20)).toBe(90);
    expect(paymentIndex(0)).toBe(80);
    expect(paymentIndex(15)).toBe(70);
    expect(paymentIndex(22)).toBe(60);
    expect(paymentIndex(30)).toBe(50);
    expect(paymentIndex(60)).toBe(40);
    expect(paymentIndex(90)).toBe(30);
    expect(paymentIndex(120)).toBe(20);
    // below 20 it falls linearly to 1 at 180 days: 150 is half way, 20 - 19/2 = 10.5 -> 11
    expect(paymentIndex(150)).toBe(11);
    expect(paymentIndex(180)).toBe(1);
    expect(paymentIndex(400)).toBe(1);
  });

  it('is 80 for a client who always pays on the due date', () => {
    const book = factBook();
    book.opened('2025-01-01');
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-01',
      dueDate: '2026-01-31',
      paidOn: '2026-01-31',
    });
    book.invoicePaid({
      totalMinor: 900_000n,
      invoiceDate: '2026-03-01',
      dueDate: '2026-03-31',
      paidOn: '2026-03-31',
    });
    const features = creditFeatures(book.facts, '2026-06-30');
    // (1,000.00 x 0 + 9,000.00 x 0) / 10,000.00 = 0 days beyond terms -> 80
    expect(features.daysBeyondTerms.mean).toBe(0);
    expect(features.paymentIndex).toBe(80);
    // days to pay: both paid 30 days after their invoice date
    expect(features.daysToPay).toEqual({ mean: 30, p90: 30 });
    expect(features.sharePaidLate).toBe(0);
  });

  it('is 70 for a client who pays 15 days late', () => {
    const book = factBook();
    book.opened('2025-01-01');
    book.invoicePaid({
      totalMinor: 250_000n,
      invoiceDate: '2026-02-01',
      dueDate: '2026-03-03',
      paidOn: '2026-03-18',
    });
    book.invoicePaid({
      totalMinor: 50_000n,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      paidOn: '2026-05-16',
    });
    const features = creditFeatures(book.facts, '2026-06-30');
    // (2,500.00 x 15 + 500.00 x 15) / 3,000.00 = 15 -> 70
    expect(features.daysBeyondTerms).toEqual({ mean: 15, p90: 15 });
    expect(features.paymentIndex).toBe(70);
    expect(features.sharePaidLate).toBe(1);
  });

  it('weights a mixed history by dollars, not by invoice', () => {
    const book = factBook();
    book.opened('2025-01-01');
    // 1,000.00 paid 10 days early, 3,000.00 paid 45 days late
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-01',
      dueDate: '2026-01-31',
      paidOn: '2026-01-21',
    });
    book.invoicePaid({
      totalMinor: 300_000n,
      invoiceDate: '2026-02-01',
      dueDate: '2026-03-03',
      paidOn: '2026-04-17',
    });
    const features = creditFeatures(book.facts, '2026-06-30');
    // mean = (1,000 x -10 + 3,000 x 45) / 4,000 = 125,000 / 4,000 = 31.25 days beyond terms
    // between 30 (50) and 60 (40): 50 - (1.25 / 30) x 10 = 49.58 -> 50
    // (an unweighted mean would be 17.5 days -> 67: the dollars make it worse)
    expect(features.daysBeyondTerms.mean).toBe(31.25);
    expect(features.paymentIndex).toBe(50);
    // p90: 25% of the weight lies at -10, 100% by 45 -> 45
    expect(features.daysBeyondTerms.p90).toBe(45);
    // days to pay: (1,000 x 20 + 3,000 x 75) / 4,000 = 61.25
    expect(features.daysToPay.mean).toBe(61.25);
    expect(features.sharePaidLate).toBe(0.5);
  });

  it('counts only invoices paid in the last 12 months, and none open', () => {
    const book = factBook();
    book.opened('2024-01-01');
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2024-01-01',
      dueDate: '2024-01-31',
      paidOn: '2024-06-30',
    });
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-01',
      dueDate: '2026-01-31',
      paidOn: '2026-01-11',
    });
    book.invoiceOpen(500_000n, '2026-01-01', '2026-01-31');
    const features = creditFeatures(book.facts, '2026-06-30');
    // only the invoice paid 20 days early counts -> 90
    expect(features.invoicesPaid).toBe(1);
    expect(features.paymentIndex).toBe(90);
    // the open invoice is 150 days past due on 2026-06-30
    expect(features.longestDaysPastDue).toBe(150);
  });
});
