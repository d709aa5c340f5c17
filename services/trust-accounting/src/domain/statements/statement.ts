import { minorDigits } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform/errors';

/** One line of a bank statement; `amountMinor` is signed: positive = money into the account. */
export interface StatementLine {
  /** The bank's own reference, or one derived from the line's place in the file. */
  bankReference: string;
  postedOn: string;
  amountMinor: bigint;
  description: string;
  checkNumber: string | null;
}

/** Which bank account a statement is of: its number (or IBAN) and the bank's routing code or BIC. */
export interface BankAccountId {
  number: string;
  bankId: string | null;
}

/** One account's statement; a CSV export names no account. */
export interface ParsedStatement {
  account: BankAccountId | null;
  currency: string | null;
  closingBalanceMinor: bigint | null;
  lines: StatementLine[];
}

/**
 * A file's statements, one per account: the parts of one account (a camt file may hold a Stmt
 * per day) are joined in file order, its closing balance the last one given; different accounts
 * are never merged.
 */
export function perAccount(statements: readonly ParsedStatement[]): ParsedStatement[] {
  const byAccount = new Map<string, ParsedStatement>();
  for (const statement of statements) {
    const key = JSON.stringify([
      statement.account?.number,
      statement.account?.bankId,
      statement.currency,
    ]);
    const earlier = byAccount.get(key);
    if (!earlier) {
      byAccount.set(key, { ...statement, lines: [...statement.lines] });
      continue;
    }
    earlier.lines.push(...statement.lines);
    earlier.closingBalanceMinor = statement.closingBalanceMinor ?? earlier.closingBalanceMinor;
  }
  return [...byAccount.values()];
}

/**
 * A file that is not what its format says: the whole file is refused, naming where (a line
 * number or an element path), so the firm can fix it or ask the bank for a new export.
 */
export function malformed(where: string, problem: string): BadUserInputError {
  return new BadUserInputError(
    { [bounded(where)]: bounded(problem) },
    `Malformed bank statement at ${bounded(where)}: ${bounded(problem)}`,
  );
}

/** How much of the file an error quotes: enough to find the spot, never the file itself. */
const QUOTED_CHARACTERS = 60;

/** A piece of the file in quotes, cut short (saying how long it is) when it is long. */
export function quoted(text: string): string {
  return text.length <= QUOTED_CHARACTERS
    ? `"${text}"`
    : `"${text.slice(0, QUOTED_CHARACTERS)}…" (${text.length} characters)`;
}

/** The last guard for texts built from the input (a parser's own message, a header row). */
function bounded(text: string): string {
  return text.length <= 4 * QUOTED_CHARACTERS
    ? text
    : `${text.slice(0, 4 * QUOTED_CHARACTERS)}… (${text.length} characters)`;
}

/** The minor digits of a currency the file names, or the file is refused naming it. */
export function currencyDigits(currency: string, where: string): number {
  try {
    if (/^[A-Z]{3}$/.test(currency)) return minorDigits(currency);
  } catch {
    // not an ISO 4217 code this service knows: refused below like any other text
  }
  throw malformed(where, `${quoted(currency)} is not an ISO 4217 currency code`);
}

/** Longer than any amount a bank writes, even with separators and trailing zeros. */
const AMOUNT_CHARACTERS = 64;

/**
 * Refuses an amount field too long to be one before any pattern looks at it: a 20 MB field of
 * digits made the pattern engine run out of stack (an internal error) instead of naming the field.
 */
export function amountText(text: string, where: string): string {
  if (text.length > AMOUNT_CHARACTERS) throw malformed(where, `${quoted(text)} is not an amount`);
  return text;
}

/**
 * Parses a decimal amount strictly (no rounding) into minor units of `digits` decimals; only
 * zeros may follow the currency's last digit.
 */
export function decimalToMinor(text: string, digits: number, where: string): bigint {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(amountText(text, where).trim());
  if (!match) throw malformed(where, `${quoted(text)} is not an amount`);
  // Zeros beyond the currency's digits (`8.850` EUR, `1500.0000`) change nothing: banks write them.
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits)
    throw malformed(where, `${quoted(text)} has more than ${digits} decimals`);
  const magnitude = BigInt(match[2]! + fraction.padEnd(digits, '0'));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** An amount whose direction is given elsewhere (camt's CdtDbtInd): a sign is refused. */
export function unsignedDecimalToMinor(text: string, digits: number, where: string): bigint {
  if (/^\s*[+-]/.test(text)) {
    throw malformed(where, `${quoted(text)} carries a sign: the direction comes from CdtDbtInd`);
  }
  return decimalToMinor(text, digits, where);
}

/** 'YYYYMMDD' (OFX, with an optional time after it) or 'YYMMDD' (BAI2) to 'YYYY-MM-DD'. */
export function compactDate(text: string, where: string): string {
  const long = /^(\d{4})(\d{2})(\d{2})/.exec(text);
  const short = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  const [year, month, day] = long
    ? [long[1]!, long[2]!, long[3]!]
    : short
      ? [`20${short[1]}`, short[2]!, short[3]!]
      : [];
  return calendarDate(year, month, day, text, where);
}

export function calendarDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  text: string,
  where: string,
): string {
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (
    year === undefined ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== iso
  ) {
    throw malformed(where, `${quoted(text)} is not a date`);
  }
  return iso;
}
