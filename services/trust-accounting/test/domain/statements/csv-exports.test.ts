import { parseCsv } from '../../../src/domain/statements/csv';
import { fixture, germanBankCsv, only, refusal, usBankCsv } from './fixtures';

describe('CSV as banks export it', () => {
  it('reads an Excel export that starts with a byte-order mark', () => {
    const statement = only(parseCsv(fixture('statement_bom.csv'), usBankCsv, 'USD'));
    expect(statement.lines.map((line) => line.amountMinor)).toEqual([500_000n, -50_000n, -2_500n]);
  });

  it('reads semicolons, decimal commas, thousands separators and quoted line breaks', () => {
    const statement = only(parseCsv(fixture('statement_semicolon.csv'), germanBankCsv, 'EUR'));
    expect(statement.lines).toEqual([
      expect.objectContaining({
        postedOn: '2026-03-03',
        amountMinor: 123_456n,
        description: 'Honorarvorschuss; Akte 12',
        bankReference: 'R1',
      }),
      expect.objectContaining({
        postedOn: '2026-03-04',
        amountMinor: -20_000n,
        description: 'Überweisung\r\nzweite Zeile',
      }),
      expect.objectContaining({ postedOn: '2026-03-05', amountMinor: -850n }),
    ]);
  });

  it('reads thousands separators in a US export', () => {
    const statement = only(parseCsv(fixture('statement_thousands.csv'), usBankCsv, 'USD'));
    expect(statement.lines.map((line) => line.amountMinor)).toEqual([1_250_000n, -100_000_000n]);
  });

  it('names the line of a bad row that follows a quoted line break', () => {
    expect(
      refusal(() => parseCsv(fixture('malformed_date_semicolon.csv'), germanBankCsv, 'EUR')),
    ).toEqual({
      'line 5 column "Buchungstag"': expect.stringContaining('not a date'),
    });
  });

  it('refuses a thousands separator in the wrong place', () => {
    const content = 'Date,Amount,Description\n2026-03-01,"12,34.00",X\n';
    expect(
      refusal(() =>
        parseCsv(content, { ...usBankCsv, amount: 'Amount', dateFormat: 'YYYY-MM-DD' }, 'USD'),
      ),
    ).toEqual({ 'line 2 column "Amount"': expect.stringContaining('"12,34.00"') });
  });
});
