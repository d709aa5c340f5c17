import { DEFAULT_CREDIT_POLICY as policy } from '../../src/domain/default-policy';
import type { CurrencyPosition } from '../../src/domain/features';
import { decideIntake, type IntakeRequest } from '../../src/domain/intake';
import { checkLimits, effectiveLimits } from '../../src/domain/limits';

const request = (amountMinor: bigint, practiceArea = 'Corporate'): IntakeRequest => ({
  practiceArea,
  billingArrangement: 'HOURLY',
  estimatedFees: { currency: 'USD', amountMinor },
});

describe('intake decisions under the default policy', () => {
  it('approves an A client within headroom', () => {
    expect(
      decideIntake(
        request(1_000_000n),
        { grade: 'A', thinFile: false, headroomMinor: 5_000_000n },
        policy,
      ),
    ).toEqual({
      outcome: 'APPROVE',
      retainer: null,
      evergreenMinimum: null,
      rule: 'GRADE_TERMS',
    });
  });

  it("asks a C client for its grade's retainer: 10% of 12,345.67 = 1,234.57 (half up)", () => {
    const decision = decideIntake(
      request(1_234_567n),
      { grade: 'C', thinFile: false, headroomMinor: 5_000_000n },
      policy,
    );
    expect(decision.outcome).toBe('APPROVE_WITH_RETAINER');
    expect(decision.retainer).toEqual({ currency: 'USD', amountMinor: 123_457n });
    expect(decision.evergreenMinimum).toBeNull();
  });

  it('refers fees above headroom and declines fees above three times it', () => {
    const standing = { grade: 'B' as const, thinFile: false, headroomMinor: 100_000n };
    expect(decideIntake(request(100_000n), standing, policy).outcome).toBe('APPROVE');
    expect(decideIntake(request(100_001n), standing, policy).outcome).toBe('REFER_TO_PARTNER');
    expect(decideIntake(request(300_000n), standing, policy).outcome).toBe('REFER_TO_PARTNER');
    expect(decideIntake(request(300_001n), standing, policy)).toMatchObject({
      outcome: 'DECLINE',
      rule: 'FEES_OVER_HEADROOM',
    });
  });

  it('declines E, refers D, and gives a thin file a retainer and evergreen minimum', () => {
    expect(
      decideIntake(request(1n), { grade: 'E', thinFile: false, headroomMinor: null }, policy)
        .outcome,
    ).toBe('DECLINE');
    expect(
      decideIntake(request(1n), { grade: 'D', thinFile: false, headroomMinor: null }, policy)
        .outcome,
    ).toBe('REFER_TO_PARTNER');
    // thin file: 25% retainer and 10% evergreen minimum of 2,000.00
    expect(
      decideIntake(request(200_000n), { grade: null, thinFile: true, headroomMinor: null }, policy),
    ).toEqual({
      outcome: 'APPROVE_WITH_RETAINER',
      retainer: { currency: 'USD', amountMinor: 50_000n },
      evergreenMinimum: { currency: 'USD', amountMinor: 20_000n },
      rule: 'THIN_FILE',
    });
  });

  it('lets the practice area raise the retainer, never the grade', () => {
    const steered = {
      ...policy,
      intake: {
        ...policy.intake,
        practiceAreaRetainerPercent: [{ practiceArea: 'Litigation', retainerPercent: 30 }],
      },
    };
    const standing = { grade: 'A' as const, thinFile: false, headroomMinor: null };
    expect(decideIntake(request(100_000n, 'Corporate'), standing, steered).outcome).toBe('APPROVE');
    expect(decideIntake(request(100_000n, 'litigation'), standing, steered).retainer).toEqual({
      currency: 'USD',
      amountMinor: 30_000n,
    });
  });
});

function position(currency: string, exposureMinor: bigint): CurrencyPosition {
  return {
    currency,
    exposureMinor,
    unbilledWorkMinor: exposureMinor,
    unbilledExpensesMinor: 0n,
    openReceivablesMinor: 0n,
    trustHeldMinor: 0n,
    pastDueOver30Minor: 0n,
    aging: { CURRENT: 0n, D1_30: 0n, D31_60: 0n, D61_90: 0n, D91_120: 0n, OVER_120: 0n },
  };
}

describe('limits, breaches and restores', () => {
  const limits = new Map([['USD', 1_000_000n]]);
  const check = (exposure: bigint, open: Map<string, string> = new Map(), grade: 'A' | 'E' = 'A') =>
    checkLimits(
      {
        positions: [position('USD', exposure)],
        limits,
        grade,
        homeCurrency: 'USD',
        openBreaches: open,
      },
      policy,
    );

  it('takes a set limit over the default for the grade', () => {
    expect(effectiveLimits(policy, 'B', new Map([['USD', 5n]])).get('USD')).toBe(5n);
    expect(effectiveLimits(policy, 'B', new Map()).get('EUR')).toBe(15_000_000n);
    expect(effectiveLimits(policy, null, new Map()).get('USD')).toBe(2_500_000n);
  });

  it('breaches once past the limit, and not again while the breach is open', () => {
    expect(check(1_000_000n).breaches).toEqual([]);
    expect(check(1_000_001n).breaches).toEqual([
      { currency: 'USD', cause: 'OVER_LIMIT', exposureMinor: 1_000_001n, limitMinor: 1_000_000n },
    ]);
    expect(check(2_000_000n, new Map([['USD', 'b1']]))).toEqual({ breaches: [], restores: [] });
  });

  it('restores only at or under the 90% margin', () => {
    const open = new Map([['USD', 'b1']]);
    expect(check(900_001n, open).restores).toEqual([]);
    expect(check(900_000n, open).restores).toEqual([
      { currency: 'USD', breachId: 'b1', exposureMinor: 900_000n, limitMinor: 1_000_000n },
    ]);
  });

  it('holds at the hold grade whatever the exposure, and restores when the grade recovers', () => {
    expect(check(0n, new Map(), 'E').breaches).toEqual([
      { currency: 'USD', cause: 'HOLD_GRADE', exposureMinor: 0n, limitMinor: 1_000_000n },
    ]);
    expect(check(0n, new Map([['USD', 'b1']]), 'E').restores).toEqual([]);
    expect(check(0n, new Map([['USD', 'b1']]), 'A').restores).toHaveLength(1);
  });
});
