import { reserveTransfer, transferableMinor } from '../../src/domain/operating-transfer';

const invoice = (billingOpenMinor: bigint, unappliedTransfersMinor = 0n) => ({
  invoiceId: 'inv-1',
  currency: 'USD',
  billingOpenMinor,
  unappliedTransfersMinor,
});

describe('transfers to operating against an invoice', () => {
  it('may take what billing reported open, less transfers billing has not applied yet', () => {
    expect(transferableMinor(invoice(50_000n, 20_000n))).toBe(30_000n);
    expect(reserveTransfer(invoice(50_000n, 20_000n), 30_000n)).toEqual(invoice(50_000n, 50_000n));
  });

  it('refuse one cent more as OVER_TRANSFER naming the open and requested amounts', () => {
    expect(() => reserveTransfer(invoice(50_000n, 20_000n), 30_001n)).toThrow(
      expect.objectContaining({
        code: 'OVER_TRANSFER',
        details: expect.objectContaining({
          open: '300.00',
          requested: '300.01',
          invoiceId: 'inv-1',
        }),
      }),
    );
  });

  it('see nothing open when billing reports less than our unapplied transfers', () => {
    expect(transferableMinor(invoice(10_000n, 25_000n))).toBe(0n);
  });
});
