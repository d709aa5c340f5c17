import fc from 'fast-check';
import { parseBai2 } from '../../../src/domain/statements/bai2';
import { parseCamt053 } from '../../../src/domain/statements/camt053';
import { parseCsv } from '../../../src/domain/statements/csv';
import { parseOfx } from '../../../src/domain/statements/ofx';
import { only } from './fixtures';
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

function expectSame(parsed: ReturnType<typeof only>, written: GeneratedStatement) {
  expect(parsed.currency).toBe(written.currency);
  expect(parsed.lines).toEqual(written.lines.map((line) => ({ ...line, checkNumber: null })));
}

describe('a statement written out and parsed back is the same statement', () => {
  it('BAI2: lines, control totals and closing balance', () => {
    fc.assert(
      fc.property(statement, (written) => {
        const parsed = only(parseBai2(writeBai2(written)));
        expectSame(parsed, written);
        expect(parsed.closingBalanceMinor).toBe(written.closingBalanceMinor);
        expect(parsed.account).toEqual({ number: written.accountNumber, bankId: written.bankId });
      }),
    );
  });

  it('OFX 2.x: lines and ledger balance', () => {
    fc.assert(
      fc.property(statement, (written) => {
        const parsed = only(parseOfx(writeOfx(written)));
        expectSame(parsed, written);
        expect(parsed.closingBalanceMinor).toBe(written.closingBalanceMinor);
        expect(parsed.account).toEqual({ number: written.accountNumber, bankId: written.bankId });
      }),
    );
  });

  it('camt.053.001.08: entries and closing booked balance', () => {
    fc.assert(
      fc.property(statement, (written) => {
        const parsed = only(parseCamt053(writeCamt053(written)));
        expectSame(parsed, written);
        expect(parsed.closingBalanceMinor).toBe(written.closingBalanceMinor);
        expect(parsed.account).toEqual({ number: written.accountNumber, bankId: written.bankId });
      }),
    );
  });

  it('CSV with semicolons, decimal commas and thousands points: lines', () => {
    fc.assert(
      fc.property(statement, (written) => {
        const parsed = only(
          parseCsv(
            writeCsv(written),
            {
              date: 'Buchungstag',
              amount: 'Betrag',
              description: 'Verwendungszweck',
              reference: 'Referenz',
              dateFormat: 'DD.MM.YYYY',
              delimiter: ';',
              decimalMark: ',',
            },
            written.currency,
          ),
        );
        expectSame(parsed, written);
      }),
    );
  });
});
