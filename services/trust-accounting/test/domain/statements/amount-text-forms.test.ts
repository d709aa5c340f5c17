import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { fixture, only, refusal } from './fixtures';

describe('amounts and text as banks write them', () => {
  it('reads OFX decimal commas, zero digits beyond the currency and entities', () => {
    const statement = only(parseOfx(fixture('ofx102_amount_forms.ofx')));
    expect(statement).toMatchObject({ currency: 'EUR', closingBalanceMinor: 129_115n });
    expect(statement.lines).toEqual([
      expect.objectContaining({ amountMinor: -885n, description: 'AT&T' }),
      expect.objectContaining({ amountMinor: -20_000n, description: 'RENT <MARCH>' }),
      expect.objectContaining({ amountMinor: 150_000n, description: 'RETAINER' }),
    ]);
  });

  it('reads OFX 2.x text in CDATA and with entities', () => {
    const statement = only(parseOfx(fixture('ofx211_text_forms.ofx')));
    expect(statement.lines).toEqual([
      expect.objectContaining({
        amountMinor: -4_510n,
        description: 'AT&T / PHONE <MARCH> & DATA',
      }),
    ]);
    expect(statement.closingBalanceMinor).toBe(95_490n);
  });

  it('reads camt amounts with zero digits beyond the currency', () => {
    const statement = only(parseCamt053(fixture('camt053_amount_forms.xml')));
    expect(statement).toMatchObject({ currency: 'EUR', closingBalanceMinor: 149_115n });
    expect(statement.lines).toEqual([
      expect.objectContaining({ amountMinor: -885n, description: 'AT&T' }),
      expect.objectContaining({ amountMinor: 150_000n }),
    ]);
  });

  it('refuses a camt entry in another currency than its account instead of relabelling it', () => {
    expect(refusal(() => parseCamt053(fixture('camt053_foreign_entry.xml')))).toEqual({
      'Stmt[1].Ntry[2].Amt': expect.stringContaining('GBP'),
    });
  });

  it('refuses an impossible camt booking date as bad input', () => {
    expect(refusal(() => parseCamt053(fixture('camt053_impossible_date.xml')))).toEqual({
      'Stmt[1].Ntry[1].BookgDt.Dt': expect.stringContaining('2024-02-30'),
    });
  });
});
