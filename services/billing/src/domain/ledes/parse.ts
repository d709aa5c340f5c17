import {
  LEDES_FIELDS,
  LEDES_LINE_TYPES,
  LEDES_VERSION_LINE,
  LINE_END,
  type LedesField,
  type LedesLineType,
  type LedesRecord,
} from './fields';

export interface LedesProblem {
  /** 1-based line number in the file. */
  line: number;
  field: string;
  message: string;
}

export interface ParsedLedesLine {
  line: number;
  lineItemNumber: string;
  type: LedesLineType;
  units: string;
  adjustmentAmount: string;
  total: string;
  date: string;
  taskCode: string;
  expenseCode: string;
  activityCode: string;
  timekeeperId: string;
  description: string;
  unitCost: string;
  timekeeperName: string;
  timekeeperClassification: string;
  clientMatterId: string;
}

export interface ParsedLedesInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  clientId: string;
  lawFirmMatterId: string;
  lawFirmId: string;
  billingStartDate: string;
  billingEndDate: string;
  description: string;
  invoiceTotal: string;
  lines: ParsedLedesLine[];
}

export interface LedesParseResult {
  invoices: ParsedLedesInvoice[];
  problems: LedesProblem[];
}

/** Amounts and units are read exactly as integers of 1/10,000 (four decimals at most). */
const SCALE = 10_000n;
// Digits with an optional fraction; real files write "1250." for 1250.
const NUMBER = /^(-?)(\d*)(?:\.(\d*))?$/;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** A line item's total may differ from units x unit cost + adjustment by rounding to the cent. */
const ROUNDING_TOLERANCE = 50n;

function parseScaled(text: string): bigint | undefined {
  const match = NUMBER.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const fraction = match[3] ?? '';
  if (fraction.length > 4) return undefined;
  const magnitude = BigInt((match[2] || '0') + fraction.padEnd(4, '0'));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** 1/10,000 units -> a decimal string with at least two decimals: 16844500n -> '1684.45'. */
export function formatScaled(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(5, '0');
  const fraction = digits.slice(-4).replace(/0{1,2}$/, '');
  return `${sign}${digits.slice(0, -4)}.${fraction.length < 2 ? fraction.padEnd(2, '0') : fraction}`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// By arithmetic rather than through Date: every line has two dates, and a file has many lines.
function toIsoDate(text: string): string | undefined {
  const match = DATE.exec(text);
  if (match === null) return undefined;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const y = Number(year);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = month === '02' && !leap ? 28 : DAYS_IN_MONTH[Number(month) - 1];
  return days !== undefined && Number(day) >= 1 && Number(day) <= days
    ? `${year}-${month}-${day}`
    : undefined;
}

const DATE_FIELDS: LedesField[] = [
  'INVOICE_DATE',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LINE_ITEM_DATE',
];
const REQUIRED_FIELDS: LedesField[] = [
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_ID',
  'LINE_ITEM_NUMBER',
  'INVOICE_TOTAL',
  'LINE_ITEM_TOTAL',
  ...DATE_FIELDS,
];
const AMOUNT_FIELDS: LedesField[] = [
  'INVOICE_TOTAL',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_UNIT_COST',
];
// The invoice-level fields every line of one invoice must repeat identically.
const INVOICE_FIELDS: LedesField[] = [
  'INVOICE_DATE',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LAW_FIRM_ID',
];

/**
 * Each line's record starts as a copy of this one, so that all records share one shape: adding the
 * 24 fields one by one to an empty object, line after line, was most of a large file's parse time.
 */
const BLANK_RECORD = Object.fromEntries(LEDES_FIELDS.map((field) => [field, ''])) as LedesRecord;

interface ReadLine {
  line: number;
  record: LedesRecord;
  numbers: Partial<Record<LedesField, bigint>>;
}

/**
 * Reads a LEDES 1998B file and reports every problem by line and field, rather than stopping at
 * the first: a billing clerk fixes the file in one go.
 */
export function parseLedes(text: string): LedesParseResult {
  const problems: LedesProblem[] = [];
  const report = (line: number, field: string, message: string) =>
    problems.push({ line, field, message });
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (rows.length > 0 && rows.at(-1)!.trim() === '') rows.pop();

  if (rows[0]?.trim() !== LEDES_VERSION_LINE) {
    report(1, 'FILE', `the first line must be ${LEDES_VERSION_LINE}`);
  }
  const header = rows[1]?.trim();
  if (header !== LEDES_FIELDS.join('|') + LINE_END) {
    report(
      2,
      'HEADER',
      `the second line must name the 24 LEDES 1998B fields in order, ending in []`,
    );
  }
  if (rows.length <= 2) report(rows.length + 1, 'FILE', 'the file has no line items');

  const read: ReadLine[] = [];
  rows.slice(2).forEach((raw, index) => {
    const entry = readLine(raw.trim(), index + 3, report);
    if (entry) read.push(entry);
  });

  // Appended in place: copying an invoice's lines for each new one made a large invoice quadratic.
  const byInvoice = new Map<string, ReadLine[]>();
  for (const entry of read) {
    const entries = byInvoice.get(entry.record.INVOICE_NUMBER);
    if (entries) entries.push(entry);
    else byInvoice.set(entry.record.INVOICE_NUMBER, [entry]);
  }
  const invoices = [...byInvoice.values()].map((entries) => toInvoice(entries, report));
  problems.sort((a, b) => a.line - b.line);
  return { invoices, problems };
}

function readLine(
  raw: string,
  line: number,
  report: (line: number, field: string, message: string) => void,
): ReadLine | undefined {
  if (!raw.endsWith(LINE_END)) {
    report(line, 'LINE', 'a line item must end in []');
    return undefined;
  }
  const values = raw.slice(0, -LINE_END.length).split('|');
  if (values.length !== LEDES_FIELDS.length) {
    report(line, 'LINE', `expected ${LEDES_FIELDS.length} fields, found ${values.length}`);
    return undefined;
  }
  const record = { ...BLANK_RECORD };
  LEDES_FIELDS.forEach((field, index) => (record[field] = values[index]!.trim()));
  const numbers: ReadLine['numbers'] = {};
  let valid = true;
  const fail = (field: string, message: string) => {
    valid = false;
    report(line, field, message);
  };
  for (const field of REQUIRED_FIELDS) {
    if (record[field] === '') fail(field, 'is required');
  }
  for (const field of DATE_FIELDS) {
    if (record[field] !== '' && toIsoDate(record[field]) === undefined) {
      fail(field, `"${record[field]}" is not a real date in YYYYMMDD form`);
    }
  }
  for (const field of AMOUNT_FIELDS) {
    if (record[field] === '') continue;
    const value = parseScaled(record[field]);
    if (value === undefined)
      fail(field, `"${record[field]}" is not a number with at most 4 decimals`);
    else numbers[field] = value;
  }
  const type = record['EXP/FEE/INV_ADJ_TYPE'];
  if (!(LEDES_LINE_TYPES as readonly string[]).includes(type)) {
    fail('EXP/FEE/INV_ADJ_TYPE', `"${type}" is not one of ${LEDES_LINE_TYPES.join(', ')}`);
  } else if (type === 'E' && record.LINE_ITEM_EXPENSE_CODE === '') {
    fail('LINE_ITEM_EXPENSE_CODE', 'an expense line (E) needs an expense code');
  }
  if (!/^\d+$/.test(record.LINE_ITEM_NUMBER) && record.LINE_ITEM_NUMBER !== '') {
    fail('LINE_ITEM_NUMBER', `"${record.LINE_ITEM_NUMBER}" is not a whole number`);
  }
  if (valid) checkLineArithmetic(record, numbers, (field, message) => report(line, field, message));
  return valid ? { line, record, numbers } : undefined;
}

/** F and E lines: total = units x unit cost + adjustment; IF and IE lines: total = adjustment. */
function checkLineArithmetic(
  record: LedesRecord,
  numbers: ReadLine['numbers'],
  report: (field: string, message: string) => void,
): void {
  const total = numbers.LINE_ITEM_TOTAL ?? 0n;
  const adjustment = numbers.LINE_ITEM_ADJUSTMENT_AMOUNT ?? 0n;
  const type = record['EXP/FEE/INV_ADJ_TYPE'];
  if (type === 'IF' || type === 'IE') {
    if (total !== adjustment) {
      report('LINE_ITEM_TOTAL', 'an invoice adjustment line must total its adjustment amount');
    }
    return;
  }
  const units = numbers.LINE_ITEM_NUMBER_OF_UNITS;
  const cost = numbers.LINE_ITEM_UNIT_COST;
  if (units === undefined || cost === undefined) {
    report(
      units === undefined ? 'LINE_ITEM_NUMBER_OF_UNITS' : 'LINE_ITEM_UNIT_COST',
      'is required on a fee (F) or expense (E) line',
    );
    return;
  }
  const difference = units * cost - (total - adjustment) * SCALE;
  const magnitude = difference < 0n ? -difference : difference;
  if (magnitude > ROUNDING_TOLERANCE * SCALE) {
    report(
      'LINE_ITEM_TOTAL',
      `${record.LINE_ITEM_TOTAL} is not units x unit cost + adjustment (${record.LINE_ITEM_NUMBER_OF_UNITS} x ${record.LINE_ITEM_UNIT_COST} + ${record.LINE_ITEM_ADJUSTMENT_AMOUNT || '0'})`,
    );
  }
}

function toInvoice(
  entries: ReadLine[],
  report: (line: number, field: string, message: string) => void,
): ParsedLedesInvoice {
  const first = entries[0]!;
  for (const entry of entries.slice(1)) {
    for (const field of INVOICE_FIELDS) {
      if (entry.record[field] !== first.record[field]) {
        report(entry.line, field, `differs from line ${first.line} of the same invoice`);
      }
    }
  }
  // A line item number names one line of its invoice (the client's e-billing system answers by it).
  const lineOfNumber = new Map<string, number>();
  for (const { line, record } of entries) {
    const number = record.LINE_ITEM_NUMBER.replace(/^0+(?=\d)/, '');
    const earlier = lineOfNumber.get(number);
    if (earlier === undefined) lineOfNumber.set(number, line);
    else
      report(
        line,
        'LINE_ITEM_NUMBER',
        `line item ${number} is already on line ${earlier} of the same invoice`,
      );
  }
  const lineSum = entries.reduce((sum, entry) => sum + (entry.numbers.LINE_ITEM_TOTAL ?? 0n), 0n);
  const invoiceTotal = first.numbers.INVOICE_TOTAL ?? 0n;
  if (lineSum !== invoiceTotal) {
    report(
      first.line,
      'INVOICE_TOTAL',
      `invoice ${first.record.INVOICE_NUMBER}: ${first.record.INVOICE_TOTAL} is not the sum of its line totals (${formatScaled(lineSum)})`,
    );
  }
  const { record } = first;
  return {
    invoiceNumber: record.INVOICE_NUMBER,
    invoiceDate: toIsoDate(record.INVOICE_DATE)!,
    clientId: record.CLIENT_ID,
    lawFirmMatterId: record.LAW_FIRM_MATTER_ID,
    lawFirmId: record.LAW_FIRM_ID,
    billingStartDate: toIsoDate(record.BILLING_START_DATE)!,
    billingEndDate: toIsoDate(record.BILLING_END_DATE)!,
    description: record.INVOICE_DESCRIPTION,
    invoiceTotal: formatScaled(invoiceTotal),
    lines: entries.map(({ line, record: item, numbers }) => ({
      line,
      lineItemNumber: item.LINE_ITEM_NUMBER,
      type: item['EXP/FEE/INV_ADJ_TYPE'] as LedesLineType,
      units: item.LINE_ITEM_NUMBER_OF_UNITS,
      adjustmentAmount: formatScaled(numbers.LINE_ITEM_ADJUSTMENT_AMOUNT ?? 0n),
      total: formatScaled(numbers.LINE_ITEM_TOTAL ?? 0n),
      date: toIsoDate(item.LINE_ITEM_DATE)!,
      taskCode: item.LINE_ITEM_TASK_CODE,
      expenseCode: item.LINE_ITEM_EXPENSE_CODE,
      activityCode: item.LINE_ITEM_ACTIVITY_CODE,
      timekeeperId: item.TIMEKEEPER_ID,
      description: item.LINE_ITEM_DESCRIPTION,
      unitCost: item.LINE_ITEM_UNIT_COST,
      timekeeperName: item.TIMEKEEPER_NAME,
      timekeeperClassification: item.TIMEKEEPER_CLASSIFICATION,
      clientMatterId: item.CLIENT_MATTER_ID,
    })),
  };
}
