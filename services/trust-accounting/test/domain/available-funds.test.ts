import { availableMinor, refusalFor } from '../../src/domain/available-funds';

const ledger = (balanceMinor: bigint, unclearedMinor: bigint) => ({
  balanceMinor,
  unclearedMinor,
  currency: 'USD',
});

describe('available trust funds', () => {
  it('are the balance less uncollected deposits', () => {
    expect(availableMinor(ledger(10_000n, 2_500n))).toBe(7_500n);
  });

  it('allow a payment up to the collected amount', () => {
    expect(refusalFor(ledger(10_000n, 2_500n), 7_500n)).toBeUndefined();
  });

  it('refuse a payment only uncollected deposits would cover: FUNDS_NOT_CLEARED', () => {
    expect(refusalFor(ledger(10_000n, 2_500n), 8_000n)).toMatchObject({
      code: 'FUNDS_NOT_CLEARED',
      details: { available: '75.00', uncleared: '25.00', requested: '80.00' },
    });
  });

  it('refuse a payment beyond the balance: INSUFFICIENT_TRUST_FUNDS naming both amounts', () => {
    const refusal = refusalFor(ledger(1_000n, 0n), 3_000n);
    expect(refusal).toMatchObject({
      code: 'INSUFFICIENT_TRUST_FUNDS',
      details: { available: '10.00', requested: '30.00', currency: 'USD' },
    });
    expect(refusal?.message).toContain('10.00 USD available but 30.00 USD was requested');
  });
});
