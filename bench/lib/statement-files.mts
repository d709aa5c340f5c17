/**
 * Generated files of about `bytes` each, in the shapes banks and e-billing send: one account's
 * BAI2 (version 2, trailers that add up), OFX 2.x, camt.053.001.08, and LEDES 1998B invoices.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const day = (i: number) => `2026-03-${pad((i % 28) + 1, 2)}`;
const cents = (i: number) => BigInt(((i * 7919) % 500_000) + 1);
const decimal = (minor: bigint) => `${minor / 100n}.${pad(Number(minor % 100n), 2)}`;

/** Adds lines from `line(i)` until the body holds `bytes`; returns the lines and their count. */
function fill(bytes: number, line: (i: number) => string): { body: string[]; count: number } {
  const body: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = line(i);
    body.push(text);
    size += text.length + 1;
  }
  return { body, count: body.length };
}

export function bai2File(bytes: number): string {
  let total = 0n;
  const { body, count } = fill(bytes, (i) => {
    total += cents(i);
    return `16,${i % 2 ? 495 : 195},${cents(i)},V,2603${pad((i % 28) + 1, 2)},,REF${i},,PAYMENT ${i} CLIENT MATTER/`;
  });
  return [
    '01,SENDER,RECEIVER,260331,0000,1,,,2/',
    '02,RECEIVER,121000248,1,260331,,USD,/',
    '03,000123454321,USD,/',
    ...body,
    `49,${total},${count + 2}/`,
    `98,${total},1,${count + 4}/`,
    `99,${total},1,${count + 6}/`,
  ].join('\n');
}

export function ofxFile(bytes: number): string {
  const { body } = fill(bytes, (i) => {
    const sign = i % 2 ? '-' : '';
    return `<STMTTRN><TRNTYPE>${sign ? 'DEBIT' : 'CREDIT'}</TRNTYPE><DTPOSTED>${day(i).replaceAll('-', '')}</DTPOSTED><TRNAMT>${sign}${decimal(cents(i))}</TRNAMT><FITID>REF${i}</FITID><NAME>PAYMENT ${i} CLIENT MATTER</NAME></STMTTRN>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20260401</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS><CURDEF>USD</CURDEF>
<BANKACCTFROM><BANKID>121000248</BANKID><ACCTID>000123454321</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST>
${body.join('\n')}
</BANKTRANLIST><LEDGERBAL><BALAMT>0.00</BALAMT><DTASOF>20260331</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

export function camt053File(bytes: number): string {
  const { body } = fill(
    bytes,
    (i) =>
      `<Ntry><Amt Ccy="USD">${decimal(cents(i))}</Amt><CdtDbtInd>${i % 2 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${day(i)}</Dt></BookgDt><AcctSvcrRef>REF${i}</AcctSvcrRef><AddtlNtryInf>PAYMENT ${i} CLIENT MATTER</AddtlNtryInf></Ntry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>BENCH</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>USD</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
${body.join('\n')}
</Stmt></BkToCstmrStmt></Document>`;
}

const LEDES_FIELDS =
  'INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]';

/** Invoices of 10 fee lines of 2.00 hours at 350.00 (700.00 each), so every total adds up. */
export function ledesFile(bytes: number): string {
  const { body } = fill(bytes, (i) => {
    const invoice = Math.floor(i / 10);
    return `20260331|INV${invoice}|C${invoice % 97}|M${invoice}|7000.00|20260301|20260331|For services rendered|${(i % 10) + 1}|F|2.00|0|700.00|${day(i).replaceAll('-', '')}|L510||A102|TK${i % 13}|Research and drafting for matter ${invoice}|24-6437381|350.00|Arnsley, Robert|PARTNR|CM${invoice}[]`;
  });
  const whole = body.length - (body.length % 10);
  return ['LEDES1998B[]', LEDES_FIELDS, ...body.slice(0, whole)].join('\n');
}
