import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  calendarDate,
  currencyDigits,
  malformed,
  unsignedDecimalToMinor,
  perAccount,
  type BankAccountId,
  type ParsedStatement,
  type StatementLine,
} from './statement';

type Node = Record<string, unknown>;

/** camt.053's deepest element is about 15 levels down; far deeper is an attack on the parser. */
const MAX_DEPTH = 100;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Stmt', 'Ntry', 'Bal', 'TxDtls'].includes(name),
  maxNestedTags: MAX_DEPTH,
});

function readXml(content: string): Node {
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    throw malformed(`line ${valid.err.line}`, `not well-formed XML: ${valid.err.msg}`);
  }
  try {
    return parser.parse(content) as Node;
  } catch (error) {
    throw malformed(
      'Document',
      `the XML cannot be read (${(error as Error).message}; a statement is nested at most ${MAX_DEPTH} elements deep)`,
    );
  }
}

/** ISO 20022 camt.053 (bank-to-customer statement), versions 001.02 and later. */
export function parseCamt053(content: string): ParsedStatement[] {
  // The camt schemas declare no entities: a DOCTYPE could only define some, and an entity can
  // rewrite an amount, read a local file or expand beyond memory.
  if (/<!DOCTYPE/i.test(content)) {
    throw malformed('DOCTYPE', 'a camt.053 statement has no DOCTYPE: the file is refused');
  }
  const document = readXml(content);
  const statements = (child(document.Document, 'BkToCstmrStmt', 'Document') as Node).Stmt as
    Node[] | undefined;
  if (!statements?.length) throw malformed('Document.BkToCstmrStmt.Stmt', 'is missing');
  return perAccount(statements.map((statement, s) => accountStatement(statement, s)));
}

function accountStatement(statement: Node, s: number): ParsedStatement {
  const path = `Stmt[${s + 1}]`;
  const account = child(statement, 'Acct', path) as Node;
  // An account without Ccy is in the currency of its first amount; every amount must be in it.
  const currency = (account.Ccy as string | undefined) ?? firstCurrency(statement);
  let closingBalanceMinor: bigint | null = null;
  for (const [b, balance] of ((statement.Bal as Node[] | undefined) ?? []).entries()) {
    const code = ((balance.Tp as Node | undefined)?.CdOrPrtry as Node | undefined)?.Cd;
    if (code === 'CLBD') {
      closingBalanceMinor = signedAmount(balance, `${path}.Bal[${b + 1}]`, currency);
    }
  }
  const lines = ((statement.Ntry as Node[] | undefined) ?? []).flatMap((entry, n) =>
    isBooked(entry) ? [entryLine(entry, `${path}.Ntry[${n + 1}]`, s, n, currency)] : [],
  );
  return {
    account: accountId(account, path),
    currency: currency ?? null,
    closingBalanceMinor,
    lines,
  };
}

/**
 * Only booked entries are on the statement: a pending (PDNG) or informational (INFO) one is not
 * in the closing balance and must not be reconciled as if it were. `Sts` is a bare code until
 * camt.053.001.06 and `{ Cd }` from .07 on.
 */
function isBooked(entry: Node): boolean {
  const status = typeof entry.Sts === 'object' ? (entry.Sts as Node).Cd : entry.Sts;
  return status === undefined || status === 'BOOK';
}

/** Acct.Id is an IBAN (printed in groups of four, stored without spaces) or another scheme's Id. */
function accountId(account: Node, path: string): BankAccountId {
  const id = child(account, 'Id', `${path}.Acct`) as Node;
  const number = String(id.IBAN ?? (id.Othr as Node | undefined)?.Id ?? '').replace(/\s/g, '');
  if (number === '') throw malformed(`${path}.Acct.Id`, 'names neither an IBAN nor another Id');
  const institution = (account.Svcr as Node | undefined)?.FinInstnId as Node | undefined;
  // BIC until camt.053.001.03, BICFI from .04 on.
  const bic = institution?.BICFI ?? institution?.BIC;
  return { number, bankId: typeof bic === 'string' ? bic : null };
}

function entryLine(
  entry: Node,
  path: string,
  s: number,
  n: number,
  accountCurrency: string | undefined,
): StatementLine {
  const details = (((entry.NtryDtls as Node | undefined)?.TxDtls as Node[] | undefined) ?? [])[0];
  const refs = (details?.Refs as Node | undefined) ?? {};
  const booked = (entry.BookgDt as Node | undefined) ?? (entry.ValDt as Node | undefined);
  const date =
    booked?.Dt ?? (typeof booked?.DtTm === 'string' ? booked.DtTm.slice(0, 10) : undefined);
  const parts = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (typeof date !== 'string' || !parts) {
    throw malformed(`${path}.BookgDt.Dt`, 'is missing or not a YYYY-MM-DD date');
  }
  calendarDate(parts[1], parts[2], parts[3], date, `${path}.BookgDt.Dt`);
  const reference = (entry.AcctSvcrRef ?? entry.NtryRef ?? refs.AcctSvcrRef ?? refs.EndToEndId) as
    string | undefined;
  const info = entry.AddtlNtryInf ?? (details?.RmtInf as Node | undefined)?.Ustrd ?? '';
  return {
    bankReference: reference ?? `camt:${date}:${s + 1}:${n + 1}`,
    postedOn: date,
    amountMinor: signedAmount(entry, path, accountCurrency),
    description: String(info).trim(),
    checkNumber: (refs.ChqNb as string | undefined) ?? null,
  };
}

/**
 * `Amt` with its `Ccy` attribute, signed by `CdtDbtInd` (DBIT takes money out). An amount in
 * another currency than its account's is refused: relabelling it would book a wrong sum, and
 * a conversion is the bank's to state, not ours to guess.
 */
function signedAmount(node: Node, path: string, accountCurrency: string | undefined): bigint {
  const amount = node.Amt as Node | string | undefined;
  if (amount === undefined) throw malformed(`${path}.Amt`, 'is missing');
  const text = typeof amount === 'string' ? amount : String(amount['#text'] ?? '');
  const currency = amountCurrency(amount);
  if (!currency) throw malformed(`${path}.Amt`, 'has no Ccy attribute');
  if (accountCurrency !== undefined && currency !== accountCurrency) {
    throw malformed(
      `${path}.Amt`,
      `is in ${currency} but the account is in ${accountCurrency}: ask the bank for the entry in the account's currency`,
    );
  }
  const digits = currencyDigits(currency, `${path}.Amt`);
  const minor = unsignedDecimalToMinor(text, digits, `${path}.Amt`);
  const indicator = node.CdtDbtInd;
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    throw malformed(`${path}.CdtDbtInd`, 'must be CRDT or DBIT');
  }
  return indicator === 'DBIT' ? -minor : minor;
}

function amountCurrency(amount: Node | string): string | undefined {
  return typeof amount === 'string' ? undefined : (amount['@Ccy'] as string | undefined);
}

function firstCurrency(statement: Node): string | undefined {
  const first = [
    ...((statement.Bal as Node[] | undefined) ?? []),
    ...((statement.Ntry as Node[] | undefined) ?? []),
  ][0];
  const amount = first?.Amt as Node | string | undefined;
  return amount === undefined ? undefined : amountCurrency(amount);
}

function child(node: unknown, name: string, path: string): unknown {
  const value = (node as Node | undefined)?.[name];
  if (value === undefined) throw malformed(`${path}.${name}`, 'is missing');
  return value;
}
