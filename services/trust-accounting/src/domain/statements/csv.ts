import { CsvError, parse } from 'csv-parse/sync';
import { minorDigits } from '@lexfin/money';
import {
  calendarDate,
  amountText,
  decimalToMinor,
  malformed,
  quoted,
  type ParsedStatement,
  type StatementLine,
} from './statement';

export const CSV_DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY'] as const;
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export const CSV_DECIMAL_MARKS = ['.', ','] as const;

/** Which header column holds what, and how the bank writes its dates and amounts. */
export interface CsvMapping {
  date: string;
  /** One signed amount column, or separate debit and credit columns. */
  amount?: string | null;
  debit?: string | null;
  credit?: string | null;
  description: string;
  reference?: string | null;
  checkNumber?: string | null;
  dateFormat: (typeof CSV_DATE_FORMATS)[number];
  /** Between fields; a comma when not given. */
  delimiter?: (typeof CSV_DELIMITERS)[number] | null;
  /**
   * Before the decimals; a point when not given. The other mark (and, after a decimal comma, a
   * space) may group thousands: `1,234.56` or `1.234,56`.
   */
  decimalMark?: (typeof CSV_DECIMAL_MARKS)[number] | null;
}

export const DEFAULT_CSV_MAPPING: CsvMapping = {
  date: 'Date',
  amount: 'Amount',
  description: 'Description',
  reference: 'Reference',
  checkNumber: 'Check Number',
  dateFormat: 'YYYY-MM-DD',
};

/**
 * A CSV export: a header row, then one row per transaction. Read by csv-parse (RFC 4180 quoting,
 * delimiters and line breaks inside quotes, a byte-order mark before the header).
 */
export function parseCsv(
  content: string,
  mapping: CsvMapping,
  currency: string,
): ParsedStatement[] {
  const rows = csvRows(content, mapping.delimiter ?? ',');
  const header = rows.shift();
  if (!header) throw malformed('line 1', 'the file is empty');
  const column = (name: string | null | undefined, required: boolean) => {
    if (!name) return -1;
    const index = header.cells.indexOf(name);
    if (index === -1 && required)
      throw malformed('line 1', `no column named "${name}" (columns: ${header.cells.join(', ')})`);
    return index;
  };
  const dateColumn = column(mapping.date, true);
  const amountColumn = column(mapping.amount, false);
  const debitColumn = column(mapping.debit, false);
  const creditColumn = column(mapping.credit, false);
  if (amountColumn === -1 && (debitColumn === -1 || creditColumn === -1)) {
    throw malformed(
      'line 1',
      'the mapping names neither an amount column nor both debit and credit columns',
    );
  }
  const descriptionColumn = column(mapping.description, true);
  const referenceColumn = column(mapping.reference, false);
  const checkColumn = column(mapping.checkNumber, false);
  const digits = minorDigits(currency);
  const decimalMark = mapping.decimalMark ?? '.';
  const seen = new Map<string, number>();
  const lines: StatementLine[] = rows.map(({ cells, line }) => {
    const where = (name: string) => `line ${line} column "${name}"`;
    if (cells.length !== header.cells.length) {
      throw malformed(
        `line ${line}`,
        `has ${cells.length} columns where the header has ${header.cells.length}`,
      );
    }
    const cell = (index: number) => (index === -1 ? '' : (cells[index] ?? '').trim());
    const amountOf = (index: number, name: string) =>
      decimalToMinor(plainDecimal(cell(index), decimalMark, where(name)), digits, where(name));
    const postedOn = parseDate(cell(dateColumn), mapping.dateFormat, where(mapping.date));
    let amountMinor: bigint;
    if (amountColumn !== -1) {
      amountMinor = amountOf(amountColumn, mapping.amount!);
    } else {
      amountMinor =
        (cell(creditColumn) ? amountOf(creditColumn, mapping.credit!) : 0n) -
        (cell(debitColumn) ? amountOf(debitColumn, mapping.debit!) : 0n);
    }
    const description = cell(descriptionColumn);
    // Without a bank reference, the same row in a re-exported file must still dedupe: the row's
    // content and its occurrence number among identical rows stand in for it.
    const content = `${postedOn}|${amountMinor}|${description}`;
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    return {
      bankReference: cell(referenceColumn) || `csv:${content}#${occurrence}`,
      postedOn,
      amountMinor,
      description,
      checkNumber: cell(checkColumn) || null,
    };
  });
  return [{ account: null, currency, closingBalanceMinor: null, lines }];
}

/** Rows that hold something, each with the line it starts on (a quoted field may span lines). */
function csvRows(content: string, delimiter: string): { cells: string[]; line: number }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse gives each record with where it ended; its types do not say so.
    records = parse(content, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_records_with_empty_values: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw malformed(line === undefined ? 'CSV' : `line ${line}`, error.message);
  }
  let previousEnd = 0;
  return records.map(({ record, info }) => {
    const lineBreaks = record.reduce(
      (sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0),
      0,
    );
    const line = Math.max(previousEnd + 1, info.lines - lineBreaks);
    previousEnd = info.lines;
    return { cells: record, line };
  });
}

/**
 * The amount with its thousands separators taken out and a point for the decimal mark, or the
 * file is refused: a separator out of place (`12,34.00`) means the mapping does not fit.
 */
function plainDecimal(text: string, decimalMark: '.' | ',', where: string): string {
  const group = decimalMark === '.' ? ',' : '[. \\u00a0]';
  const mark = decimalMark === '.' ? '\\.' : ',';
  const match = new RegExp(`^([+-]?)(\\d{1,3}(?:${group}\\d{3})+|\\d+)(?:${mark}(\\d+))?$`).exec(
    amountText(text, where),
  );
  if (!match) throw malformed(where, `${quoted(text)} is not an amount`);
  const whole = match[2]!.replace(/\D/g, '');
  return `${match[1]}${whole}${match[3] === undefined ? '' : `.${match[3]}`}`;
}

function parseDate(text: string, format: CsvMapping['dateFormat'], where: string): string {
  const parts = text.split(/[-/.]/);
  const [year, month, day] =
    format === 'YYYY-MM-DD'
      ? [parts[0], parts[1], parts[2]]
      : format === 'MM/DD/YYYY'
        ? [parts[2], parts[0]?.padStart(2, '0'), parts[1]?.padStart(2, '0')]
        : [parts[2], parts[1]?.padStart(2, '0'), parts[0]?.padStart(2, '0')];
  return calendarDate(year, month, day, text, where);
}
