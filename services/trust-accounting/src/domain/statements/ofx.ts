import { minorDigits } from '@lexfin/money';
import {
  compactDate,
  currencyDigits,
  amountText,
  decimalToMinor,
  perAccount,
  malformed,
  quoted,
  type ParsedStatement,
  type StatementLine,
} from './statement';

interface Element {
  name: string;
  value: string;
  line: number;
}

/**
 * OFX 1.x (SGML: leaf elements are not closed) and 2.x (XML) alike: both are a stream of tags;
 * a leaf's value is the text after its opening tag. Aggregates must be closed in both.
 */
/** One STMTRS (or CCSTMTRS) as read: its leaves, not yet checked. */
interface StatementResponse {
  currency: string | null;
  account: Partial<Record<'BANKID' | 'ACCTID', string>>;
  ledgerBalance?: string;
  transactions: Element[][];
}

const ACCOUNT_AGGREGATES = ['BANKACCTFROM', 'CCACCTFROM'];

/** Far above any OFX value (a memo holds at most 255 characters, a name 32). */
const VALUE_CHARACTERS = 65_536;

/**
 * Refuses a text between tags too long to be a value before the tokenizer's pattern reads it: on
 * a 20 MB value that pattern ran out of regexp stack in CI (an internal error, not a refusal).
 */
function refuseOverlongValues(body: string, firstLine: number): void {
  for (let from = 0; from < body.length;) {
    const next = body.indexOf('<', from);
    const end = next === -1 ? body.length : next;
    if (end - from > VALUE_CHARACTERS) {
      const tagEnd = body.indexOf('>', from);
      const valueFrom = tagEnd !== -1 && tagEnd < end ? tagEnd + 1 : from;
      const line = firstLine + body.slice(0, from).split('\n').length - 1;
      throw malformed(
        `line ${line}`,
        `the value ${quoted(body.slice(valueFrom, end))} after <${body.slice(from, valueFrom - 1)}> is longer than any OFX value (${VALUE_CHARACTERS} characters)`,
      );
    }
    from = end + 1;
  }
}

export function parseOfx(content: string): ParsedStatement[] {
  const start = content.indexOf('<OFX>');
  if (start === -1) throw malformed('OFX', 'no <OFX> element: not an OFX file');
  const stack: string[] = [];
  const responses: StatementResponse[] = [];
  let response: StatementResponse | undefined;
  let current: Element[] | undefined;
  let status: Record<string, string> = {};
  // A value runs to the next tag; CDATA sections (OFX 2.x) may hold '<'.
  const tag = /<(\/?)([A-Za-z0-9.]+)>((?:[^<]+|<!\[CDATA\[[\s\S]*?\]\]>)*)/g;
  const body = content.slice(start);
  let line = content.slice(0, start).split('\n').length;
  refuseOverlongValues(body, line);
  let consumed = 0;
  let lastLeaf: string | undefined;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    line += body.slice(consumed, match.index).split('\n').length - 1;
    consumed = match.index;
    const [, closing, name, rawValue] = match as unknown as [string, string, string, string];
    const value = ofxText(rawValue).trim();
    if (closing && name === lastLeaf) {
      lastLeaf = undefined; // OFX 2.x closes leaf elements too
      continue;
    }
    lastLeaf = undefined;
    if (closing) {
      const open = stack.lastIndexOf(name);
      if (open === -1) throw malformed(`line ${line}`, `</${name}> closes nothing`);
      stack.length = open;
      if (name === 'STMTTRN') current = undefined;
      if (name === 'STMTRS' || name === 'CCSTMTRS') response = undefined;
      if (name === 'STATUS') refuseErrorStatus(status, stack.at(-1));
      continue;
    }
    if (value === '') {
      stack.push(name);
      if (name === 'STATUS') status = {};
      if (name === 'STMTRS' || name === 'CCSTMTRS') {
        responses.push((response = { currency: null, account: {}, transactions: [] }));
      }
      if (name === 'STMTTRN') response?.transactions.push((current = []));
      continue;
    }
    lastLeaf = name;
    const parent = stack.at(-1) ?? '';
    if (parent === 'STATUS') status[name] = value;
    else if (current) current.push({ name, value, line });
    else if (!response) continue;
    else if (name === 'CURDEF') response.currency = value;
    else if (ACCOUNT_AGGREGATES.includes(parent) && (name === 'BANKID' || name === 'ACCTID')) {
      response.account[name] = value;
    } else if (name === 'BALAMT' && parent === 'LEDGERBAL') response.ledgerBalance = value;
  }
  if (stack.length > 0)
    throw malformed(`<${stack.at(-1)}>`, 'is never closed: the file is cut short');
  if (responses.length === 0) {
    throw malformed('STMTRS', 'the response holds no statement (no STMTRS or CCSTMTRS)');
  }
  let transactionIndex = 0;
  return perAccount(
    responses.map(({ currency, account, ledgerBalance, transactions }, r) => {
      const where = responses.length === 1 ? '' : `STMTRS[${r + 1}].`;
      const digits =
        currency === null ? minorDigits('USD') : currencyDigits(currency, `${where}CURDEF`);
      return {
        account:
          account.ACCTID === undefined
            ? null
            : { number: account.ACCTID, bankId: account.BANKID ?? null },
        currency,
        closingBalanceMinor:
          ledgerBalance === undefined
            ? null
            : decimalToMinor(
                ofxAmount(ledgerBalance, `${where}LEDGERBAL.BALAMT`),
                digits,
                `${where}LEDGERBAL.BALAMT`,
              ),
        lines: transactions.map((fields) => transaction(fields, transactionIndex++, digits)),
      };
    }),
  );
}

/**
 * A STATUS aggregate the bank marked ERROR (a sign-on refused, an account not found) means the
 * file is the bank's refusal, not a statement: refused with the bank's own code and message.
 */
function refuseErrorStatus(status: Record<string, string>, answering: string | undefined): void {
  if (status.SEVERITY !== 'ERROR' && (status.SEVERITY !== undefined || status.CODE === '0')) {
    return;
  }
  const message = status.MESSAGE ? `: ${status.MESSAGE}` : '';
  throw malformed(
    `${answering ?? 'OFX'}.STATUS`,
    `the bank answered with status ${status.CODE ?? '(none)'} (${status.SEVERITY ?? 'no severity'})${message}`,
  );
}

function transaction(fields: Element[], index: number, digits: number): StatementLine {
  const where = (name: string) => {
    const field = fields.find((f) => f.name === name);
    return `STMTTRN[${index + 1}].${name}${field ? ` (line ${field.line})` : ''}`;
  };
  const get = (name: string) => fields.find((field) => field.name === name)?.value;
  const required = (name: string) => {
    const value = get(name);
    if (value === undefined) throw malformed(where(name), 'is missing');
    return value;
  };
  const checkNumber = get('CHECKNUM');
  return {
    bankReference: required('FITID'),
    postedOn: compactDate(required('DTPOSTED'), where('DTPOSTED')),
    amountMinor: decimalToMinor(
      ofxAmount(required('TRNAMT'), where('TRNAMT')),
      digits,
      where('TRNAMT'),
    ),
    description: [get('NAME'), get('MEMO')].filter(Boolean).join(' / ') || required('TRNTYPE'),
    checkNumber: checkNumber && checkNumber !== '0' ? checkNumber : null,
  };
}

/** OFX allows a comma as the decimal mark (`-200,00`); there is no thousands separator. */
function ofxAmount(text: string, where: string): string {
  return /^[+-]?\d*,\d+$/.test(amountText(text, where)) ? text.replace(',', '.') : text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A value's text: CDATA sections as they are, entities (`AT&amp;T`) decoded elsewhere. */
function ofxText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
            if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
            const code =
              name[1] === 'x' || name[1] === 'X'
                ? parseInt(name.slice(2), 16)
                : Number(name.slice(1));
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
          }),
    )
    .join('');
}
