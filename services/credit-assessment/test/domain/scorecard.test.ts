import fc from 'fast-check';
import { DEFAULT_CREDIT_POLICY } from '../../src/domain/default-policy';
import { creditFeatures } from '../../src/domain/features';
import { assessCredit, MAX_REASONS } from '../../src/domain/scorecard';
import { oddsForPoints, scalingConstants, scoreForOdds } from '../../src/domain/scaling';
import { factBook } from '../support/facts';

describe('points-to-double-the-odds scaling', () => {
  const scaling = { score0: 600, odds0: 50, pdo: 20 };

  it('puts odds of 100:1 at 620 when 600 is 50:1 and 20 points double the odds', () => {
    // factor = 20 / ln 2 = 20 / 0.693147 = 28.8539
    // offset = 600 - 28.8539 x ln 50 = 600 - 28.8539 x 3.912023 = 600 - 112.8771 = 487.1229
    // score = 487.1229 + 28.8539 x ln 100 = 487.1229 + 28.8539 x 4.605170 = 620.0000
    const { factor, offset } = scalingConstants(scaling);
    expect(factor).toBeCloseTo(28.8539, 4);
    expect(offset).toBeCloseTo(487.1229, 4);
    expect(scoreForOdds(100, scaling)).toBeCloseTo(620, 9);
    expect(scoreForOdds(50, scaling)).toBeCloseTo(600, 9);
    // halving the odds costs the same 20 points: 25:1 -> 580
    expect(scoreForOdds(25, scaling)).toBeCloseTo(580, 9);
  });

  it('reads scorecard points as odds doubling every PDO points', () => {
    // 40 points above score0 = two doublings: 50 x 4 = 200:1
    expect(oddsForPoints(40, scaling)).toBeCloseTo(200, 9);
    expect(scoreForOdds(oddsForPoints(-115, scaling), scaling)).toBeCloseTo(485, 9);
  });
});

describe('a grade and its reasons under the default policy', () => {
  function slowPayer() {
    const book = factBook();
    book.opened('2025-06-01');
    // three 1,000.00 invoices, each paid 45 days after its due date
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2025-12-01',
      dueDate: '2025-12-31',
      paidOn: '2026-02-14',
    });
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-01',
      dueDate: '2026-01-31',
      paidOn: '2026-03-17',
    });
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-01-15',
      dueDate: '2026-02-14',
      paidOn: '2026-03-31',
    });
    // one 1,000.00 invoice open, due 2026-05-01
    book.invoiceOpen(100_000n, '2026-04-01', '2026-05-01');
    book.add('PAYMENT_BOUNCED', {
      businessDate: '2026-03-01',
      currency: 'USD',
      amountMinor: 50_000n,
    });
    book.add('PROMISE_BROKEN', { businessDate: '2026-05-01' });
    return book;
  }

  it('scores, grades and explains a slow payer', () => {
    const features = creditFeatures(slowPayer().facts, '2026-06-30');
    const assessment = assessCredit(features, DEFAULT_CREDIT_POLICY);
    // factor                 value  band        points  max  cost
    // PAYMENT_INDEX          45     [40,50)     -40     20   60   (mean 45 days late: 50 - 15/30 x 10)
    // DAYS_BEYOND_TERMS_P90  45     [31,61)     -20     10   30
    // LONGEST_DAYS_PAST_DUE  60     [31,61)       0     10   10   (open invoice: May 1 -> June 30)
    // PAST_DUE_SHARE         100    [60,)       -40     10   50   (all 1,000.00 open is 60 days due)
    // BOUNCED_PAYMENTS       1      [1,2)       -15      5   20
    // WRITE_OFFS             0      (,1)          5      5    0
    // OPEN_DISPUTES          0      (,1)          0      0    0
    // BROKEN_PROMISES        1      [1,2)       -10      5   15
    // PLANS_DEFAULTED        0                    0      0    0
    // AGENCY_HANDOFFS        0                    0      0    0
    // TENURE_DAYS            394    [365,1095)    5     10    5
    // TREND_DAYS             none   missing       0      5    5   (nothing paid in the last 90 days)
    // points = -40 - 20 + 0 - 40 - 15 + 5 + 0 - 10 + 0 + 0 + 5 + 0 = -115
    // odds = 50 x 2^(-115/20); score = 600 + 20 x log2(odds / 50) = 600 - 115 = 485 < 550 -> E
    expect(features.paymentIndex).toBe(45);
    expect(assessment.score).toBe(485);
    expect(assessment.grade).toBe('E');
    expect(assessment.thinFile).toBe(false);
    expect(assessment.reasons.map((reason) => [reason.code, reason.value])).toEqual([
      ['SLOW_PAYMENT', '45'],
      ['RECEIVABLES_PAST_DUE', '100'],
      ['LATE_PAYMENTS_P90', '45'],
      ['BOUNCED_PAYMENTS', '1'],
    ]);
    expect(assessment.reasons[0]!.text).toBe(
      'Payment index 45 (dollar-weighted days beyond terms, last 12 months)',
    );
    expect(assessment.reasons[0]!.clientText).toBe(
      'Invoices have been paid later than the agreed payment terms.',
    );
  });

  it('does not grade a thin file, and says why', () => {
    const book = factBook();
    book.opened('2026-06-01');
    book.invoicePaid({
      totalMinor: 100_000n,
      invoiceDate: '2026-06-01',
      dueDate: '2026-06-10',
      paidOn: '2026-06-10',
    });
    const assessment = assessCredit(
      creditFeatures(book.facts, '2026-06-30'),
      DEFAULT_CREDIT_POLICY,
    );
    expect(assessment).toMatchObject({ thinFile: true, grade: null, score: null });
    expect(assessment.reasons.map((reason) => reason.code)).toEqual(['INSUFFICIENT_HISTORY']);
    expect(assessment.reasons[0]!.text).toMatch(/insufficient payment history/i);
  });

  it('never gives more than four reasons, however many factors cost points', () => {
    fc.assert(
      fc.property(
        fc.record({
          bounced: fc.nat(4),
          writeOffs: fc.nat(4),
          promises: fc.nat(4),
          plans: fc.nat(3),
          agency: fc.nat(2),
          disputes: fc.nat(3),
          lateDays: fc.integer({ min: -40, max: 300 }),
        }),
        (history) => {
          const book = factBook();
          book.opened('2024-01-01');
          for (let i = 0; i < 3; i += 1) {
            const paidOn = new Date(Date.UTC(2026, 1 + i, 1) + history.lateDays * 86_400_000)
              .toISOString()
              .slice(0, 10);
            book.invoicePaid({
              totalMinor: 10_000n,
              invoiceDate: `2026-0${1 + i}-01`,
              dueDate: `2026-0${2 + i}-01`,
              paidOn,
            });
          }
          const times = (count: number, kind: Parameters<typeof book.add>[0]) => {
            for (let i = 0; i < count; i += 1)
              book.add(kind, { businessDate: '2026-06-01', ref: `${kind}${i}` });
          };
          times(history.bounced, 'PAYMENT_BOUNCED');
          times(history.writeOffs, 'WRITE_OFF');
          times(history.promises, 'PROMISE_BROKEN');
          times(history.plans, 'PLAN_DEFAULTED');
          times(history.agency, 'AGENCY_HANDOFF');
          times(history.disputes, 'DISPUTE_OPENED');
          const assessment = assessCredit(
            creditFeatures(book.facts, '2026-12-31'),
            DEFAULT_CREDIT_POLICY,
          );
          expect(assessment.reasons.length).toBeLessThanOrEqual(MAX_REASONS);
          if (assessment.thinFile) return;
          const costs = assessment.factors.map((f) => f.maxPoints - f.points);
          const costing = costs.filter((cost) => cost > 0).sort((a, b) => b - a);
          expect(assessment.reasons).toHaveLength(Math.min(MAX_REASONS, costing.length));
        },
      ),
    );
  });
});
