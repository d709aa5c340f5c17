import { bankAccountStatement } from '../../../src/domain/statements/account-match';
import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { fixture, refusal } from './fixtures';

describe('a file with several accounts is never merged', () => {
  it('gives BAI2 accounts their own lines, currency and closing balance', () => {
    expect(parseBai2(fixture('multi_account.bai2'))).toEqual([
      {
        account: { number: '000123454321', bankId: '121000248' },
        currency: 'USD',
        closingBalanceMinor: 450_000n,
        lines: [
          expect.objectContaining({ bankReference: 'TR1', amountMinor: 500_000n }),
          expect.objectContaining({ bankReference: 'TR2', amountMinor: -50_000n }),
        ],
      },
      {
        account: { number: '000987650000', bankId: '121000248' },
        currency: 'USD',
        closingBalanceMinor: 900_000n,
        lines: [expect.objectContaining({ bankReference: 'OP1', amountMinor: 100_000n })],
      },
    ]);
  });

  it('gives camt statements their own account, currency and closing balance', () => {
    expect(parseCamt053(fixture('multi_account.camt053.xml'))).toEqual([
      expect.objectContaining({
        account: { number: 'DE89370400440532013000', bankId: 'COBADEFFXXX' },
        currency: 'EUR',
        closingBalanceMinor: 450_000n,
        lines: [expect.anything(), expect.anything()],
      }),
      expect.objectContaining({
        account: { number: 'DE02120300000000202051', bankId: 'BYLADEM1001' },
        currency: 'USD',
        closingBalanceMinor: 900_000n,
        lines: [expect.objectContaining({ bankReference: 'OP1' })],
      }),
    ]);
  });

  it('gives OFX statement responses their own account, currency and balance', () => {
    expect(parseOfx(fixture('multi_account.ofx'))).toEqual([
      expect.objectContaining({
        account: { number: '000123454321', bankId: '121000248' },
        currency: 'USD',
        closingBalanceMinor: 450_000n,
        lines: [expect.objectContaining({ bankReference: 'TR1' })],
      }),
      expect.objectContaining({
        account: { number: '000987650000', bankId: '121000248' },
        currency: 'CAD',
        closingBalanceMinor: 900_000n,
        lines: [expect.objectContaining({ bankReference: 'OP1' })],
      }),
    ]);
  });
});

describe("choosing the trust account's statement", () => {
  const statements = parseCamt053(fixture('multi_account.camt053.xml'));

  it('takes the account whose IBAN and BIC match, however they are spaced', () => {
    const chosen = bankAccountStatement(statements, {
      accountNumber: 'de89 3704 0044 0532 0130 00',
      bankId: 'COBADEFF',
      accountLast4: '3000',
    });
    expect(chosen.lines.map((line) => line.bankReference)).toEqual(['TR1', 'TR2']);
  });

  it('refuses a file without the account, naming the accounts it holds (masked)', () => {
    const problem = refusal(() =>
      bankAccountStatement(statements, {
        accountNumber: 'DE44500105175407324931',
        bankId: null,
        accountLast4: '4931',
      }),
    ).content;
    expect(problem).toContain('…3000');
    expect(problem).toContain('…2051');
    expect(problem).not.toContain('DE89370400440532013000');
  });

  it('refuses the account under another bank code', () => {
    expect(
      refusal(() =>
        bankAccountStatement(statements, {
          accountNumber: 'DE89370400440532013000',
          bankId: 'DEUTDEFF',
          accountLast4: '3000',
        }),
      ),
    ).toHaveProperty('content');
  });

  it('refuses when more than one account fits an account known only by its last 4 digits', () => {
    const twice = [
      statements[0]!,
      { ...statements[0]!, account: { number: 'XX0000003000', bankId: null } },
    ];
    expect(
      refusal(() =>
        bankAccountStatement(twice, { accountNumber: null, bankId: null, accountLast4: '3000' }),
      ).content,
    ).toContain('more than one');
  });
});
