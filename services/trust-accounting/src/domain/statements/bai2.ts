import {
  amountText,
  compactDate,
  malformed,
  perAccount,
  quoted,
  type ParsedStatement,
} from './statement';

/** What a trailer (49, 98, 99) checks: the signed sum of the amounts inside, and the records. */
interface Tally {
  firstLine: number;
  total: bigint;
  records: number;
}

interface AccountState extends Tally {
  detailCount: number;
  statement: ParsedStatement & { account: { number: string } };
}

interface GroupState extends Tally {
  asOfDate: string;
  /** The originator: the bank's routing number or BIC. */
  bankId: string | null;
  currency: string | null;
  accounts: number;
}

interface FileState extends Tally {
  groups: number;
}

/**
 * BAI2 (version 2) cash management balance report. Transaction amounts are unsigned minor units;
 * the type code says the direction (100-399 credits, 400-699 debits). Summary amounts are signed
 * (a balance may be overdrawn). Every trailer is checked: the account's (49), the group's (98)
 * and the file's (99) control totals and record counts, so a truncated or edited file is refused.
 */
export function parseBai2(content: string): ParsedStatement[] {
  const reading: Reading = { statements: [], closed: false };
  for (const { fields, line, physicalLines } of logicalRecords(content)) {
    const record: RecordAt = { fields, line, physicalLines, where: `line ${line}` };
    if (reading.closed) throw malformed(record.where, 'records after the 99 file trailer');
    for (const tally of [reading.file, reading.group, reading.account]) {
      if (tally) tally.records += physicalLines;
    }
    const read = RECORDS.get(fields[0] ?? '');
    if (!read)
      throw malformed(record.where, `${quoted(fields[0] ?? '')} is not a BAI2 record type`);
    read(reading, record);
  }
  if (reading.account) {
    throw malformed(`line ${reading.account.firstLine}`, 'account is never closed by a 49 record');
  }
  if (!reading.closed) throw malformed('end of file', 'no 99 file trailer: the file is cut short');
  return perAccount(reading.statements);
}

/** Where the reader is: the file, group and account open at this record. */
interface Reading {
  statements: ParsedStatement[];
  file?: FileState | undefined;
  group?: GroupState | undefined;
  account?: AccountState | undefined;
  closed: boolean;
}

interface RecordAt {
  fields: string[];
  line: number;
  physicalLines: number;
  where: string;
}

/** What each record type does to the reading, by its code. */
const RECORDS = new Map<string, (reading: Reading, record: RecordAt) => void>([
  ['01', fileHeader],
  ['02', groupHeader],
  ['03', accountHeader],
  ['16', transactionDetail],
  ['49', accountTrailer],
  ['98', groupTrailer],
  ['99', fileTrailer],
]);

function fileHeader(reading: Reading, { fields, line, physicalLines, where }: RecordAt): void {
  if (reading.file) throw malformed(where, 'a second 01 file header');
  if (fields[8] !== '2') {
    throw malformed(
      `${where} field 9`,
      `version ${quoted(fields[8] ?? '')}: only BAI version 2 is read`,
    );
  }
  reading.file = { firstLine: line, total: 0n, records: physicalLines, groups: 0 };
}

function groupHeader(reading: Reading, { fields, line, physicalLines, where }: RecordAt): void {
  if (!reading.file) throw malformed(where, 'group header before the 01 file header');
  if (reading.group) {
    throw malformed(where, 'group header inside an unclosed group (missing 98)');
  }
  reading.group = {
    firstLine: line,
    total: 0n,
    records: physicalLines,
    accounts: 0,
    asOfDate: compactDate(fields[4] ?? '', `${where} (group as-of date)`),
    bankId: fields[2] || null,
    currency: fields[6] || null,
  };
}

function accountHeader(reading: Reading, { fields, line, physicalLines, where }: RecordAt): void {
  const { group } = reading;
  if (!group) throw malformed(where, 'account header outside a group (missing 02)');
  if (reading.account) {
    throw malformed(where, 'account header inside an unclosed account (missing 49)');
  }
  const account: AccountState = {
    firstLine: line,
    total: 0n,
    records: physicalLines,
    detailCount: 0,
    statement: {
      account: { number: fields[1] ?? '', bankId: group.bankId },
      currency: fields[2] || group.currency,
      closingBalanceMinor: null,
      lines: [],
    },
  };
  reading.account = account;
  reading.statements.push(account.statement);
  for (const summary of summaries(fields, where)) {
    account.total += summary.amount;
    if (summary.typeCode === '015') account.statement.closingBalanceMinor = summary.amount;
  }
}

function transactionDetail(reading: Reading, { fields, where }: RecordAt): void {
  const { account, group } = reading;
  if (!account || !group) throw malformed(where, 'transaction detail outside an account');
  const typeCode = Number(fields[1]);
  if (!/^\d{3}$/.test(fields[1] ?? '') || typeCode < 100 || typeCode > 699) {
    throw malformed(
      `${where} field 2`,
      `${quoted(fields[1] ?? '')} is not a BAI2 transaction type code`,
    );
  }
  const amount = unsignedAmountOf(fields[2] ?? '', `${where} field 3`);
  account.total += amount;
  const { valueDate, rest } = fundsType(fields, where);
  const [bankRef, customerRef, ...text] = rest;
  account.detailCount += 1;
  account.statement.lines.push({
    bankReference:
      bankRef ||
      `bai2:${account.statement.account.number}:${group.asOfDate}:${account.firstLine}:${account.detailCount}`,
    postedOn: valueDate ?? group.asOfDate,
    amountMinor: typeCode >= 400 ? -amount : amount,
    description: text.join(',').trim(),
    checkNumber: customerRef || null,
  });
}

function accountTrailer(reading: Reading, { fields, where }: RecordAt): void {
  const { account, group } = reading;
  if (!account || !group) throw malformed(where, 'account trailer without an account header');
  checkTrailer('account', account, fields, where);
  group.total += account.total;
  group.accounts += 1;
  reading.account = undefined;
}

function groupTrailer(reading: Reading, { fields, where }: RecordAt): void {
  const { file, group } = reading;
  if (!group || !file) throw malformed(where, 'group trailer without a group header');
  if (reading.account) {
    throw malformed(where, 'group trailer inside an unclosed account (missing 49)');
  }
  checkTrailer('group', group, fields, where, group.accounts, 'account');
  file.total += group.total;
  file.groups += 1;
  reading.group = undefined;
}

function fileTrailer(reading: Reading, { fields, where }: RecordAt): void {
  const { file, group } = reading;
  if (!file) throw malformed(where, 'file trailer without a 01 file header');
  if (reading.account) {
    throw malformed(where, 'file trailer inside an unclosed account (missing 49)');
  }
  if (group) {
    throw malformed(where, `no 98 group trailer closes the group of line ${group.firstLine}`);
  }
  checkTrailer('file', file, fields, where, file.groups, 'group');
  reading.closed = true;
}

function checkTrailer(
  level: 'account' | 'group' | 'file',
  tally: Tally,
  fields: string[],
  where: string,
  count?: number,
  counted?: string,
): void {
  const declared = amountOf(fields[1] ?? '', `${where} field 2`);
  if (declared !== tally.total) {
    throw malformed(
      where,
      `${level} control total ${declared} does not equal the sum of its amounts, ${tally.total}`,
    );
  }
  const recordsField = count === undefined ? 2 : 3;
  if (count !== undefined && Number(fields[2]) !== count) {
    throw malformed(
      where,
      `${level} ${counted} count ${fields[2]} does not equal the ${count} found`,
    );
  }
  if (Number(fields[recordsField]) !== tally.records) {
    throw malformed(
      where,
      `${level} record count ${fields[recordsField]} does not equal the ${tally.records} records found`,
    );
  }
}

/**
 * The 03 record's summaries: type code, amount, item count, funds type (and what that funds type
 * adds). Every field may be defaulted (left empty); a group left wholly empty, or an empty field
 * a bank puts before the slash of a continued record, carries nothing and is passed over.
 */
function summaries(fields: string[], where: string): { typeCode: string; amount: bigint }[] {
  const found: { typeCode: string; amount: bigint }[] = [];
  let index = 3;
  while (index < fields.length) {
    const typeCode = fields[index]!;
    if (typeCode === '') {
      index += 1;
      continue;
    }
    if (!/^\d{3}$/.test(typeCode)) {
      throw malformed(`${where} field ${index + 1}`, `${quoted(typeCode)} is not a BAI2 type code`);
    }
    const amountText = fields[index + 1] ?? '';
    if (amountText !== '') {
      found.push({ typeCode, amount: amountOf(amountText, `${where} field ${index + 2}`) });
    }
    index += 4 + fundsTypeWidth(fields, index + 3, where);
  }
  return found;
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
      if (!previous) {
        throw malformed(`line ${index + 1}`, 'continuation (88) with nothing to continue');
      }
      previous.fields.push(...fields.slice(1));
      previous.physicalLines += 1;
      return;
    }
    records.push({ fields, line: index + 1, physicalLines: 1 });
  });
  return records;
}

function amountOf(text: string, where: string): bigint {
  if (!/^[+-]?\d+$/.test(amountText(text, where)))
    throw malformed(where, `${quoted(text)} is not an amount in minor units`);
  return BigInt(text);
}

/** A transaction's amount: its type code gives the direction, so a sign is a malformed file. */
function unsignedAmountOf(text: string, where: string): bigint {
  if (!/^\d+$/.test(amountText(text, where))) {
    throw malformed(
      where,
      `${quoted(text)} is not an unsigned amount in minor units (the type code gives the direction)`,
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
  throw malformed(`${where} field ${at + 1}`, `${quoted(type)} is not a BAI2 funds type`);
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
