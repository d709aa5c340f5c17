import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBai2 } from '../../src/domain/statements/bai2';
import { parseCamt053 } from '../../src/domain/statements/camt053';
import { parseCsv } from '../../src/domain/statements/csv';
import { parseOfx } from '../../src/domain/statements/ofx';
import { only, refusal, usBankCsv } from './statements/fixtures';

const shared = (name: string) =>
  readFileSync(join(__dirname, '../../../../../shared/fixtures/bank-statements', name), 'utf8');
const local = (name: string) =>
  readFileSync(join(__dirname, '../fixtures/statements', name), 'utf8');

describe('BAI2', () => {
  it('reads the sample: signed amounts by type code, value dates, control totals', () => {
    const statement = only(parseBai2(shared('bai2_sample1.txt')));
    expect(statement.currency).toBe('CAD');
    expect(statement.lines).toHaveLength(17);
    expect(statement.lines[0]).toMatchObject({
      postedOn: '2006-03-16',
      amountMinor: -2500n,
      description: 'RETURNED CHEQUE',
    });
    expect(statement.lines[3]).toMatchObject({ amountMinor: 203500n });
    const moved = statement.lines.reduce(
      (sum, line) => sum + (line.amountMinor < 0n ? -line.amountMinor : line.amountMinor),
      0n,
    );
    expect(moved).toBe(1_280_000n / 2n);
    expect(new Set(statement.lines.map((line) => line.bankReference)).size).toBe(17);
  });

  it('refuses a file whose control total does not add up, naming the line', () => {
    expect(refusal(() => parseBai2(local('malformed_control_total.bai2')))).toEqual({
      'line 6': expect.stringContaining('control total 206001'),
    });
  });
});

describe('OFX', () => {
  it('reads OFX 1.0.2 SGML with unclosed leaf elements', () => {
    const statement = only(parseOfx(shared('ofx102_bank_medium.ofx')));
    expect(statement).toMatchObject({ currency: 'CAD', closingBalanceMinor: 38_234n });
    expect(statement.lines).toEqual([
      expect.objectContaining({
        bankReference: '0000123456782009040100001',
        postedOn: '2009-04-01',
        amountMinor: -660n,
      }),
      expect.objectContaining({ amountMinor: -31_667n, checkNumber: null }),
      expect.objectContaining({ postedOn: '2009-04-03', amountMinor: -2_200n }),
    ]);
  });

  it('reads OFX 2.x XML', () => {
    const statement = only(parseOfx(local('ofx211_sample.ofx')));
    expect(statement).toMatchObject({ currency: 'USD', closingBalanceMinor: 450_000n });
    expect(statement.lines[1]).toMatchObject({ amountMinor: -50_000n, checkNumber: '1001' });
  });

  it('refuses a file cut short, naming the unclosed element', () => {
    expect(refusal(() => parseOfx(local('truncated.ofx')))).toHaveProperty(['<STMTTRN>']);
  });
});

describe('camt.053', () => {
  it('reads entries, their direction and the closing booked balance', () => {
    const statement = only(parseCamt053(local('camt053_sample.xml')));
    expect(statement).toMatchObject({ currency: 'USD', closingBalanceMinor: 447_500n });
    expect(statement.lines).toEqual([
      expect.objectContaining({
        bankReference: 'BK20260303-0001',
        amountMinor: 500_000n,
        postedOn: '2026-03-03',
      }),
      expect.objectContaining({
        amountMinor: -50_000n,
        checkNumber: '1001',
        description: 'CHECK 1001',
      }),
      expect.objectContaining({ amountMinor: -2_500n, description: 'MONTHLY SERVICE CHARGE' }),
    ]);
  });

  it('refuses an amount the currency cannot hold, naming the element', () => {
    expect(refusal(() => parseCamt053(local('malformed_amount.camt053.xml')))).toEqual({
      'Stmt[1].Ntry[2].Amt': expect.stringContaining('more than 2 decimals'),
    });
  });

  it('refuses XML that is not well-formed, naming the line', () => {
    const broken = local('camt053_sample.xml').replace('</Ntry>', '');
    expect(Object.keys(refusal(() => parseCamt053(broken)))[0]).toMatch(/^line \d+$/);
  });
});

describe('CSV', () => {
  it('reads a bank export with debit and credit columns and quoted fields', () => {
    const statement = only(parseCsv(local('statement.csv'), usBankCsv, 'USD'));
    expect(statement.lines).toEqual([
      expect.objectContaining({
        postedOn: '2026-03-03',
        amountMinor: 500_000n,
        description: 'WIRE FROM CLIENT, RETAINER',
      }),
      expect.objectContaining({ amountMinor: -50_000n, checkNumber: '1001' }),
      expect.objectContaining({
        amountMinor: -2_500n,
        bankReference: expect.stringMatching(/^csv:/),
      }),
    ]);
  });

  it('refuses an impossible date, naming the line and column', () => {
    expect(refusal(() => parseCsv(local('malformed_date.csv'), usBankCsv, 'USD'))).toEqual({
      'line 3 column "Date"': expect.stringContaining('not a date'),
    });
  });

  it('refuses a mapping that names a column the file lacks', () => {
    expect(
      refusal(() =>
        parseCsv(local('statement.csv'), { ...usBankCsv, date: 'Booking date' }, 'USD'),
      ),
    ).toEqual({
      'line 1': expect.stringContaining('"Booking date"'),
    });
  });
});
