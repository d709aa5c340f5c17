import { availableMinor, moveFunds, refusalFor } from '../../src/domain/available-funds';

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

  it('move: a deposit adds to the balance and, until cleared, to the uncollected part', () => {
    const moved = moveFunds(ledger(1_000n, 0n), {
      amountMinor: 5_000n,
      unclearedDeltaMinor: 5_000n,
      guarded: false,
    });
    expect(moved).toEqual(ledger(6_000n, 5_000n));
  });

  it('move: a guarded payment of exactly the collected funds leaves zero; one cent more is refused', () => {
    const payment = (amountMinor: bigint) => ({
      amountMinor,
      unclearedDeltaMinor: 0n,
      guarded: true,
    });
    expect(moveFunds(ledger(10_000n, 2_500n), payment(-7_500n))).toEqual(ledger(2_500n, 2_500n));
    expect(() => moveFunds(ledger(10_000n, 2_500n), payment(-7_501n))).toThrow(
      expect.objectContaining({ code: 'FUNDS_NOT_CLEARED' }),
    );
    expect(() => moveFunds(ledger(1_000n, 0n), payment(-3_000n))).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_TRUST_FUNDS' }),
    );
  });

  it('move: taking back an uncollected deposit the balance no longer covers is INSUFFICIENT_TRUST_FUNDS', () => {
    // 50.00 uncollected on a ledger of 30.00 (a returned deposit was spent): the reversal would
    // leave -20.00, so the ledger is short, not waiting for a deposit to clear.
    const reversal = { amountMinor: -5_000n, unclearedDeltaMinor: -5_000n, guarded: true };
    expect(() => moveFunds(ledger(3_000n, 5_000n), reversal)).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_TRUST_FUNDS' }),
    );
    expect(moveFunds(ledger(6_000n, 5_000n), reversal)).toEqual(ledger(1_000n, 0n));
  });

  it('move: an unguarded movement (a returned deposit) may leave the ledger negative', () => {
    expect(
      moveFunds(ledger(1_000n, 0n), {
        amountMinor: -3_000n,
        unclearedDeltaMinor: 0n,
        guarded: false,
      }),
    ).toEqual(ledger(-2_000n, 0n));
  });
});
