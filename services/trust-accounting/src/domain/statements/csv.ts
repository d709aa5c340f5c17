import { minorDigits } from '@lexfin/money';
import {
  calendarDate,
  decimalToMinor,
  malformed,
  quoted,
  type ParsedStatement,
  type StatementLine,
} from './statement';

/** Which header column holds what; banks name their columns differently. */
export interface CsvMapping {
  date: string;
  /** One signed amount column, or separate debit and credit columns. */
  amount?: string | null;
  debit?: string | null;
  credit?: string | null;
  description: string;
  reference?: string | null;
  checkNumber?: string | null;
  dateFormat: 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'DD/MM/YYYY';
}

export const DEFAULT_CSV_MAPPING: CsvMapping = {
  date: 'Date',
  amount: 'Amount',
  description: 'Description',
  reference: 'Reference',
  checkNumber: 'Check Number',
  dateFormat: 'YYYY-MM-DD',
};

/** A CSV export: a header row, then one row per transaction (RFC 4180 quoting). */
export function parseCsv(content: string, mapping: CsvMapping, currency: string): ParsedStatement {
  const rows = splitRows(content);
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
    const postedOn = parseDate(cell(dateColumn), mapping.dateFormat, where(mapping.date));
    let amountMinor: bigint;
    if (amountColumn !== -1) {
      amountMinor = decimalToMinor(cell(amountColumn), digits, where(mapping.amount!));
    } else {
      const debit = cell(debitColumn);
      const credit = cell(creditColumn);
      amountMinor =
        (credit ? decimalToMinor(credit, digits, where(mapping.credit!)) : 0n) -
        (debit ? decimalToMinor(debit, digits, where(mapping.debit!)) : 0n);
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
  return { currency, closingBalanceMinor: null, lines };
}

function parseDate(text: string, format: CsvMapping['dateFormat'], where: string): string {
  const parts = text.split(/[-/]/);
  const [year, month, day] =
    format === 'YYYY-MM-DD'
      ? [parts[0], parts[1], parts[2]]
      : format === 'MM/DD/YYYY'
        ? [parts[2], parts[0]?.padStart(2, '0'), parts[1]?.padStart(2, '0')]
        : [parts[2], parts[1]?.padStart(2, '0'), parts[0]?.padStart(2, '0')];
  return calendarDate(year, month, day, text, where);
}

function splitRows(content: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  for (let index = 0; index < content.length; index++) {
    const char = content[index]!;
    if (inQuotes) {
      if (char === '"' && content[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') inQuotes = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') inQuotes = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && content[index + 1] === '\n') index++;
      cells.push(cell);
      if (cells.some((value) => value.trim() !== '')) rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += char;
  }
  if (inQuotes) throw malformed(`line ${rowLine}`, 'a quoted field is never closed');
  cells.push(cell);
  if (cells.some((value) => value.trim() !== '')) rows.push({ cells, line: rowLine });
  return rows;
}
