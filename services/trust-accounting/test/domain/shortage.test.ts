import { coverShortage, openMinor, type Shortage } from '../../src/domain/shortage';

const shortage = (coveredMinor = 0n, coveredOn: string | null = null): Shortage => ({
  id: 'shortage-1',
  shortageMinor: 30_000n,
  coveredMinor,
  currency: 'USD',
  coveredOn,
});

describe('covering a trust shortage', () => {
  it('a partial cover leaves the rest open', () => {
    const after = coverShortage(shortage(), 10_000n, '2026-03-10');
    expect(after).toMatchObject({ coveredMinor: 10_000n, coveredOn: null });
    expect(openMinor(after)).toBe(20_000n);
  });

  it('the cover that puts back the rest closes it on its day', () => {
    const after = coverShortage(shortage(10_000n), 20_000n, '2026-03-12');
    expect(after).toMatchObject({ coveredMinor: 30_000n, coveredOn: '2026-03-12' });
    expect(openMinor(after)).toBe(0n);
  });

  it('refuses more than is open: OVER_COVER naming the amount, what is open and what was asked', () => {
    expect(() => coverShortage(shortage(10_000n), 20_001n, '2026-03-12')).toThrow(
      expect.objectContaining({
        code: 'OVER_COVER',
        details: expect.objectContaining({
          field: 'amount',
          open: '200.00',
          requested: '200.01',
          currency: 'USD',
        }),
      }),
    );
  });

  it('refuses any cover of a shortage covered in full: CONFLICT', () => {
    expect(() => coverShortage(shortage(30_000n, '2026-03-12'), 1n, '2026-03-13')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});
