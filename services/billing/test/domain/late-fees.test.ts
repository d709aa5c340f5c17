import { assessLateFee, isNewlyOverdue, type LateFeePolicy } from '../../src/domain/late-fees';

const interest: LateFeePolicy = {
  kind: 'SIMPLE_INTEREST',
  annualRatePpm: 120000,
  flatMinor: 0n,
  graceDays: 10,
};
const flat: LateFeePolicy = { kind: 'FLAT', annualRatePpm: 0, flatMinor: 2500n, graceDays: 0 };
const invoice = {
  dueDate: '2026-01-31',
  openMinor: 365000n,
  lateFeesMinor: 0n,
  assessedThrough: null,
};

describe('late fees', () => {
  it('charges nothing within the grace days or without a policy', () => {
    expect(assessLateFee(interest, invoice, '2026-02-10')).toBeUndefined();
    expect(assessLateFee({ ...interest, kind: 'NONE' }, invoice, '2026-06-10')).toBeUndefined();
  });

  it('charges simple interest from the due date once the grace days have passed', () => {
    // 3,650.00 x 12 % x 11 / 365 = 13.20
    expect(assessLateFee(interest, invoice, '2026-02-11')).toEqual({
      amountMinor: 1320n,
      principalMinor: 365000n,
      from: '2026-01-31',
      through: '2026-02-11',
    });
  });

  it('charges interest again only 30 days after the last assessment, never on late fees', () => {
    const assessed = {
      ...invoice,
      openMinor: 366320n,
      lateFeesMinor: 1320n,
      assessedThrough: '2026-02-11',
    };
    expect(assessLateFee(interest, assessed, '2026-03-12')).toBeUndefined();
    // principal stays 3,650.00: 3,650.00 x 12 % x 30 / 365 = 36.00
    expect(assessLateFee(interest, assessed, '2026-03-13')?.amountMinor).toBe(3600n);
  });

  it('charges nothing when only late fees remain open', () => {
    const onlyFees = {
      ...invoice,
      openMinor: 1320n,
      lateFeesMinor: 1320n,
      assessedThrough: '2026-02-11',
    };
    expect(assessLateFee(interest, onlyFees, '2026-06-01')).toBeUndefined();
  });

  it('charges a flat fee once per invoice', () => {
    expect(assessLateFee(flat, invoice, '2026-02-01')?.amountMinor).toBe(2500n);
    expect(
      assessLateFee(flat, { ...invoice, assessedThrough: '2026-02-01' }, '2026-09-01'),
    ).toBeUndefined();
  });

  it('reports an invoice overdue once, from the day after its due date', () => {
    expect(isNewlyOverdue('2026-01-31', null, '2026-01-31')).toBe(false);
    expect(isNewlyOverdue('2026-01-31', null, '2026-02-01')).toBe(true);
    expect(isNewlyOverdue('2026-01-31', '2026-02-01', '2026-02-02')).toBe(false);
  });
});
