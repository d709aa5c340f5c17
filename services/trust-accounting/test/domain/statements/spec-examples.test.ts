import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { fixture, only } from './fixtures';

describe("the published specifications' examples", () => {
  it('BAI2 version 2: a defaulted group currency, funds type 1, text not ended by a slash', () => {
    expect(only(parseBai2(fixture('bai2_spec_example.bai2')))).toEqual({
      account: { number: '0975312468', bankId: '122099999' },
      currency: 'GBP',
      closingBalanceMinor: null,
      lines: [
        {
          bankReference: 'DD1620',
          postedOn: '2004-06-20',
          amountMinor: 1_500_000n,
          description: 'DEALER PAYMENTS',
          checkNumber: null,
        },
      ],
    });
  });

  it.each(['ofx102_spec_example.ofx', 'ofx211_spec_example.ofx'])(
    'OFX bank statement response: %s',
    (file) => {
      const statement = only(parseOfx(fixture(file)));
      expect(statement).toMatchObject({
        account: { number: '999988', bankId: '121099999' },
        currency: 'USD',
        closingBalanceMinor: 20_029n,
      });
      expect(statement.lines).toEqual([
        expect.objectContaining({
          bankReference: '00002',
          amountMinor: -20_000n,
          checkNumber: '1000',
          description: 'CHECK',
        }),
        expect.objectContaining({
          bankReference: '00003',
          amountMinor: -30_000n,
          description: 'ATM',
        }),
      ]);
    },
  );

  it('camt.053.001.08: a booking date-time, Sts as a code, the BICFI', () => {
    expect(only(parseCamt053(fixture('camt053_001_08_example.xml')))).toEqual({
      account: { number: 'CH2609000000925002236', bankId: 'POFICHBEXXX' },
      currency: 'CHF',
      closingBalanceMinor: 105_055n,
      lines: [
        {
          bankReference: '131227CH0000SZ8Z',
          postedOn: '2013-12-27',
          amountMinor: 10_000n,
          description: 'INVOICE 2013-117',
          checkNumber: null,
        },
        {
          bankReference: '131227CH0000SZ9A',
          postedOn: '2013-12-27',
          amountMinor: -4_945n,
          description: 'ACCOUNT FEES',
          checkNumber: null,
        },
      ],
    });
  });

  // The same statement in each earlier version: BIC until .03 (BICFI from .04), the entry status
  // as a bare code until .06 (a choice with Cd from .07), each version's namespace.
  it.each(['02', '03', '04', '05', '06', '07'])('camt.053.001.%s reads as .08 does', (version) => {
    expect(parseCamt053(fixture(`camt053_001_${version}_example.xml`))).toEqual(
      parseCamt053(fixture('camt053_001_08_example.xml')),
    );
  });

  it('camt.053: pending and informational entries are not statement lines', () => {
    expect(parseCamt053(fixture('camt053_pending_and_info.xml'))).toEqual(
      parseCamt053(fixture('camt053_001_08_example.xml')),
    );
  });
});
