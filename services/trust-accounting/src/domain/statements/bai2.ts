import { compactDate, malformed, type ParsedStatement, type StatementLine } from './statement';

interface AccountState {
  number: string;
  currency: string | null;
  firstLine: number;
  records: number;
  total: bigint;
  detailCount: number;
}

/**
 * BAI2 cash management balance report. Amounts are unsigned minor units; the type code says the
 * direction (100-399 credits, 400-699 debits). The account trailer's control total (the sum of
 * every amount in the account) and record count are checked, so a truncated or edited file is
 * refused.
 */
export function parseBai2(content: string): ParsedStatement {
  const records = logicalRecords(content);
  const lines: StatementLine[] = [];
  let asOfDate: string | undefined;
  let account: AccountState | undefined;
  let currency: string | null = null;
  let closingBalanceMinor: bigint | null = null;
  let sawFileTrailer = false;
  for (const { fields, line, physicalLines } of records) {
    const where = `line ${line}`;
    const code = fields[0];
    if (account) account.records += physicalLines;
    switch (code) {
      case '01':
        break;
      case '02':
        asOfDate = compactDate(fields[4] ?? '', `${where} (group as-of date)`);
        currency = fields[6] || currency;
        break;
      case '03': {
        if (account)
          throw malformed(where, 'account header inside an unclosed account (missing 49 record)');
        account = {
          number: fields[1] ?? '',
          currency: fields[2] || currency,
          firstLine: line,
          records: physicalLines,
          total: 0n,
          detailCount: 0,
        };
        currency = account.currency;
        // Summaries: type code, amount, item count, funds type (and what that funds type adds).
        for (let index = 3; index < fields.length && fields[index] !== '';) {
          // A balance may be negative (an overdrawn account): the control total is a signed sum.
          const amount = amountOf(fields[index + 1] ?? '', `${where} field ${index + 2}`);
          account.total += amount;
          if (fields[index] === '015') closingBalanceMinor = amount;
          index += 4 + fundsTypeWidth(fields, index + 3, where);
        }
        break;
      }
      case '16': {
        if (!account || !asOfDate) throw malformed(where, 'transaction detail outside an account');
        const typeCode = Number(fields[1]);
        if (!Number.isInteger(typeCode) || typeCode < 100 || typeCode > 699) {
          throw malformed(`${where} field 2`, `"${fields[1]}" is not a BAI2 transaction type code`);
        }
        const amount = unsignedAmountOf(fields[2] ?? '', `${where} field 3`);
        account.total += amount;
        const { valueDate, rest } = fundsType(fields, where);
        const [bankRef, customerRef, ...text] = rest;
        account.detailCount += 1;
        lines.push({
          bankReference:
            bankRef ||
            `bai2:${account.number}:${asOfDate}:${account.firstLine}:${account.detailCount}`,
          postedOn: valueDate ?? asOfDate,
          amountMinor: typeCode >= 400 ? -amount : amount,
          description: text.join(',').trim(),
          checkNumber: customerRef || null,
        });
        break;
      }
      case '49': {
        if (!account) throw malformed(where, 'account trailer without an account header');
        const declared = amountOf(fields[1] ?? '', `${where} field 2`);
        if (declared !== account.total) {
          throw malformed(
            where,
            `account control total ${declared} does not equal the sum of its amounts, ${account.total}`,
          );
        }
        if (Number(fields[2]) !== account.records) {
          throw malformed(
            where,
            `account record count ${fields[2]} does not equal the ${account.records} records found`,
          );
        }
        account = undefined;
        break;
      }
      case '98':
        break;
      case '99':
        sawFileTrailer = true;
        break;
      default:
        throw malformed(where, `"${code}" is not a BAI2 record type`);
    }
  }
  if (account)
    throw malformed(`line ${account.firstLine}`, 'account is never closed by a 49 record');
  if (!sawFileTrailer) throw malformed('end of file', 'no 99 file trailer: the file is cut short');
  return { currency, closingBalanceMinor, lines };
}

/** Records with their 88 continuations folded in; each ends at '/'. */
function logicalRecords(content: string) {
  const records: { fields: string[]; line: number; physicalLines: number }[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const text = raw.trimEnd();
    if (text === '') return;
    const body = text.endsWith('/') ? text.slice(0, -1) : text;
    const fields = body.split(',');
    if (fields[0] === '88') {
      const previous = records.at(-1);
      if (!previous)
        throw malformed(`line ${index + 1}`, 'continuation (88) with nothing to continue');
      previous.fields.push(...fields.slice(1));
      previous.physicalLines += 1;
      return;
    }
    records.push({ fields, line: index + 1, physicalLines: 1 });
  });
  return records;
}

function amountOf(text: string, where: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw malformed(where, `"${text}" is not an amount in minor units`);
  return BigInt(text);
}

/** A transaction's amount: its type code gives the direction, so a sign is a malformed file. */
function unsignedAmountOf(text: string, where: string): bigint {
  if (!/^\d+$/.test(text)) {
    throw malformed(
      where,
      `"${text}" is not an unsigned amount in minor units (the type code gives the direction)`,
    );
  }
  return BigInt(text);
}

/** How many fields follow a funds-type code at `at` (V: value date and time; S: 3 amounts...). */
function fundsTypeWidth(fields: string[], at: number, where: string): number {
  const type = fields[at] ?? '';
  if (['', '0', '1', '2', 'Z'].includes(type)) return 0;
  if (type === 'V') return 2;
  if (type === 'S') return 3;
  if (type === 'D') return 1 + 2 * Number(fields[at + 1]);
  throw malformed(`${where} field ${at + 1}`, `"${type}" is not a BAI2 funds type`);
}

/** Skips the funds-type fields of a 16 record; a V (value dated) gives the posting date. */
function fundsType(fields: string[], where: string): { valueDate?: string; rest: string[] } {
  const width = fundsTypeWidth(fields, 3, where);
  return {
    ...(fields[3] === 'V'
      ? { valueDate: compactDate(fields[4] ?? '', `${where} value date`) }
      : {}),
    rest: fields.slice(4 + width),
  };
}
