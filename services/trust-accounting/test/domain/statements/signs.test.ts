import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { fixture, only, refusal } from './fixtures';

describe('direction comes from the type code or CdtDbtInd, never from a sign', () => {
  it('reads an overdrawn BAI2 account whose control total is a signed sum', () => {
    const statement = only(parseBai2(fixture('overdrawn_summary.bai2')));
    expect(statement.closingBalanceMinor).toBe(-100_000n);
    expect(statement.lines).toEqual([
      expect.objectContaining({ bankReference: 'BR1', amountMinor: 50_000n }),
    ]);
  });

  it('refuses a BAI2 debit written with a minus sign instead of turning it into a credit', () => {
    expect(refusal(() => parseBai2(fixture('signed_detail.bai2')))).toEqual({
      'line 4 field 3': expect.stringContaining('"-2500"'),
    });
  });

  it('refuses a camt DBIT entry whose amount carries a minus sign', () => {
    expect(refusal(() => parseCamt053(fixture('signed_debit.camt053.xml')))).toEqual({
      'Stmt[1].Ntry[1].Amt': expect.stringContaining('sign'),
    });
  });
});
