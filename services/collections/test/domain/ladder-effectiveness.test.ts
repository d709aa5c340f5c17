import { formatTenths } from '../../src/domain/kpis';
import {
  arrangementRates,
  contactResult,
  stepEffectiveness,
  type ContactFacts,
} from '../../src/domain/ladder-effectiveness';

const usd = (owed: number, paid: number) => ({
  currency: 'USD',
  owedMinor: BigInt(owed) * 100n,
  paidMinor: BigInt(paid) * 100n,
});
const eur = (owed: number, paid: number) => ({ ...usd(owed, paid), currency: 'EUR' });
const friendly = (segment: string, amounts: ContactFacts['amounts']): ContactFacts => ({
  stageKind: 'FRIENDLY_REMINDER',
  templateKey: 'friendly_reminder',
  segment,
  amounts,
});

describe('what followed one contact', () => {
  it('is full when every currency owed was paid, in part when anything was, else nothing', () => {
    expect(contactResult([usd(1000, 1000)])).toBe('FULL');
    expect(contactResult([usd(1000, 1200)])).toBe('FULL');
    expect(contactResult([usd(1000, 300)])).toBe('PART');
    expect(contactResult([usd(1000, 1000), eur(200, 0)])).toBe('PART');
    expect(contactResult([usd(1000, 0)])).toBe('NONE');
    // A reversal larger than the payments of the 14 days is no payment.
    expect(contactResult([usd(1000, -50)])).toBe('NONE');
    // A call about nothing in particular (no invoices) or about settled ones.
    expect(contactResult([])).toBe('NONE');
    expect(contactResult([usd(0, 0)])).toBe('NONE');
  });
});

describe('steps summed by stage, template and segment', () => {
  // Three friendly reminders to C clients: one paid 1,000.00 of 1,000.00, one 300.00 of 800.00,
  // one nothing of 500.00; one to a D client paid in full (250.00); a formal notice to a C client
  // paid 200.00 and EUR 50.00 of 500.00 and EUR 50.00 (in part: USD is short); a call logged by
  // hand. Rows come in ladder order, then template, then segment; hand-logged last.
  it('counts contacts, full and part payments, and sums what was paid per currency', () => {
    const rows = stepEffectiveness([
      { stageKind: null, templateKey: null, segment: 'UNKNOWN', amounts: [usd(400, 0)] },
      {
        stageKind: 'FORMAL_NOTICE',
        templateKey: 'formal_notice',
        segment: 'C',
        amounts: [eur(50, 50), usd(500, 200)],
      },
      friendly('C', [usd(1000, 1000)]),
      friendly('D', [usd(250, 250)]),
      friendly('C', [usd(800, 300)]),
      friendly('C', [usd(500, 0)]),
    ]);
    expect(rows).toEqual([
      {
        stageKind: 'FRIENDLY_REMINDER',
        templateKey: 'friendly_reminder',
        segment: 'C',
        contacts: 3,
        paidInFull: 1,
        paidInPart: 1,
        paid: [{ currency: 'USD', minor: 130000n }],
      },
      {
        stageKind: 'FRIENDLY_REMINDER',
        templateKey: 'friendly_reminder',
        segment: 'D',
        contacts: 1,
        paidInFull: 1,
        paidInPart: 0,
        paid: [{ currency: 'USD', minor: 25000n }],
      },
      {
        stageKind: 'FORMAL_NOTICE',
        templateKey: 'formal_notice',
        segment: 'C',
        contacts: 1,
        paidInFull: 0,
        paidInPart: 1,
        paid: [
          { currency: 'EUR', minor: 5000n },
          { currency: 'USD', minor: 20000n },
        ],
      },
      {
        stageKind: null,
        templateKey: null,
        segment: 'UNKNOWN',
        contacts: 1,
        paidInFull: 0,
        paidInPart: 0,
        paid: [{ currency: 'USD', minor: 0n }],
      },
    ]);
  });
});

describe('promise-kept and plan-completion rates', () => {
  it('are kept / (kept + broken) and completed / (completed + defaulted) to 0.1 %, half up', () => {
    // 2 of 3 promises kept: 66.666... -> 66.7; 1 of 8 plans completed: 12.5.
    const rates = arrangementRates({
      promisesKept: 2,
      promisesBroken: 1,
      plansCompleted: 1,
      plansDefaulted: 7,
    });
    expect(formatTenths(rates.promiseKeptRate!)).toBe('66.7');
    expect(formatTenths(rates.planCompletionRate!)).toBe('12.5');
  });

  it('are null when nothing was decided', () => {
    const rates = arrangementRates({
      promisesKept: 0,
      promisesBroken: 0,
      plansCompleted: 0,
      plansDefaulted: 0,
    });
    expect(rates.promiseKeptRate).toBeNull();
    expect(rates.planCompletionRate).toBeNull();
  });
});
