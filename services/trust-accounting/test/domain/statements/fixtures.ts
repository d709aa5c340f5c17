import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvMapping } from '../../../src/domain/statements/csv';
import type { ParsedStatement } from '../../../src/domain/statements/statement';

/** A statement fixture of this service's own (test/fixtures/statements). */
export const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../fixtures/statements', name), 'utf8');

/** The one account's statement of a file that must hold exactly one. */
export function only(statements: readonly ParsedStatement[]): ParsedStatement {
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

/** The fields of the BAD_USER_INPUT error `act` throws; fails the test if it throws none. */
export function refusal(act: () => unknown): Record<string, string> {
  try {
    act();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    return (error as { fields: Record<string, string> }).fields;
  }
  throw new Error('expected the file to be refused');
}

/** A US bank's export: debit and credit columns, month first. */
export const usBankCsv: CsvMapping = {
  date: 'Date',
  debit: 'Debit',
  credit: 'Credit',
  description: 'Description',
  reference: 'Reference',
  checkNumber: 'Check Number',
  dateFormat: 'MM/DD/YYYY',
  delimiter: ',',
  decimalMark: '.',
};

/** A German bank's export: semicolons, one signed amount with a decimal comma, day first. */
export const germanBankCsv: CsvMapping = {
  date: 'Buchungstag',
  amount: 'Betrag',
  description: 'Verwendungszweck',
  reference: 'Referenz',
  dateFormat: 'DD.MM.YYYY',
  delimiter: ';',
  decimalMark: ',',
};
