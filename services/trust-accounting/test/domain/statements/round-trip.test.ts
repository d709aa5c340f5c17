import fc from 'fast-check';
import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseCsv } from '../../../src/domain/statements/csv';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { germanBankCsv, only } from './fixtures';
import { writeBai2, writeCamt053, writeCsv, writeOfx, type GeneratedStatement } from './writers';

const date = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .filter(({ year, month, day }) => day <= new Date(Date.UTC(year, month, 0)).getUTCDate())
  .map(
    ({ year, month, day }) =>
      `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );

/** Text with what each format must quote or escape: commas, semicolons, quotes, & and <. */
const description = fc.stringMatching(/^[A-Z0-9][A-Za-z0-9 ,;&<>'"]{0,30}[A-Z0-9]$/);
const amount = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((minor) => minor !== 0n);

const statement: fc.Arbitrary<GeneratedStatement> = fc.record({
  accountNumber: fc.stringMatching(/^[0-9]{6,17}$/),
  bankId: fc.constantFrom('COBADEFFXXX', 'CHASUS33'),
  currency: fc.constantFrom('USD', 'EUR', 'JPY', 'BHD'),
  closingBalanceMinor: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  lines: fc
    .array(fc.record({ postedOn: date, amountMinor: amount, description }), { maxLength: 30 })
    .map((lines) => lines.map((line, index) => ({ ...line, bankReference: `REF${index + 1}` }))),
});

describe('a statement written out and parsed back is the same statement', () => {
  it.each([
    ['BAI2: lines, control totals and closing balance', writeBai2, parseBai2],
    ['OFX 2.x: lines and ledger balance', writeOfx, parseOfx],
    ['camt.053.001.08: entries and closing booked balance', writeCamt053, parseCamt053],
  ])('%s', (_name, write, parse) => {
    fc.assert(
      fc.property(statement, (written) => {
        expect(only(parse(write(written)))).toEqual({
          account: { number: written.accountNumber, bankId: written.bankId },
          currency: written.currency,
          closingBalanceMinor: written.closingBalanceMinor,
          lines: written.lines.map((line) => ({ ...line, checkNumber: null })),
        });
      }),
    );
  });

  it('CSV with semicolons, decimal commas and thousands points: lines', () => {
    fc.assert(
      fc.property(statement, (written) => {
        expect(only(parseCsv(writeCsv(written), germanBankCsv, written.currency))).toEqual({
          account: null,
          currency: written.currency,
          closingBalanceMinor: null,
          lines: written.lines.map((line) => ({ ...line, checkNumber: null })),
        });
      }),
    );
  });
});
