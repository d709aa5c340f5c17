import { formatMinorAmount } from '@lexfin/money';

/** A statement as a bank would send it: what each writer puts in its format. */
export interface GeneratedStatement {
  accountNumber: string;
  bankId: string;
  currency: string;
  closingBalanceMinor: bigint;
  lines: { bankReference: string; postedOn: string; amountMinor: bigint; description: string }[];
}

const compact = (date: string) => date.replaceAll('-', '');
const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const decimal = (minor: bigint, currency: string) => formatMinorAmount(minor, currency);
const magnitude = (minor: bigint) => (minor < 0n ? -minor : minor);

/** BAI2 version 2: unsigned details typed 195 (credit) or 495 (debit), every trailer's totals. */
export function writeBai2(statement: GeneratedStatement): string {
  const date = compact(statement.lines[0]?.postedOn ?? '2026-03-31').slice(2);
  const details = statement.lines.map(
    (line) =>
      `16,${line.amountMinor < 0n ? 495 : 195},${magnitude(line.amountMinor)},V,${compact(line.postedOn).slice(2)},,${line.bankReference},,${line.description}/`,
  );
  const total =
    statement.closingBalanceMinor +
    statement.lines.reduce((sum, line) => sum + magnitude(line.amountMinor), 0n);
  return [
    `01,SENDER,RECEIVER,${date},0000,1,,,2/`,
    `02,RECEIVER,${statement.bankId},1,${date},,${statement.currency},/`,
    `03,${statement.accountNumber},${statement.currency},015,${statement.closingBalanceMinor},,/`,
    ...details,
    `49,${total},${details.length + 2}/`,
    `98,${total},1,${details.length + 4}/`,
    `99,${total},1,${details.length + 6}/`,
  ].join('\n');
}

/** OFX 2.x (XML). */
export function writeOfx(statement: GeneratedStatement): string {
  const transactions = statement.lines.map(
    (line) =>
      `<STMTTRN><TRNTYPE>${line.amountMinor < 0n ? 'DEBIT' : 'CREDIT'}</TRNTYPE><DTPOSTED>${compact(line.postedOn)}</DTPOSTED><TRNAMT>${decimal(line.amountMinor, statement.currency)}</TRNAMT><FITID>${line.bankReference}</FITID><NAME>${xml(line.description)}</NAME></STMTTRN>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20260401</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS>
<CURDEF>${statement.currency}</CURDEF><BANKACCTFROM><BANKID>${statement.bankId}</BANKID><ACCTID>${statement.accountNumber}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST><DTSTART>20000101</DTSTART><DTEND>20991231</DTEND>
${transactions.join('\n')}
</BANKTRANLIST><LEDGERBAL><BALAMT>${decimal(statement.closingBalanceMinor, statement.currency)}</BALAMT><DTASOF>20991231</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

/** ISO 20022 camt.053.001.08: unsigned amounts, direction in CdtDbtInd. */
export function writeCamt053(statement: GeneratedStatement): string {
  const amount = (minor: bigint) =>
    `<Amt Ccy="${statement.currency}">${decimal(magnitude(minor), statement.currency)}</Amt><CdtDbtInd>${minor < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd>`;
  const entries = statement.lines.map(
    (line) =>
      `<Ntry>${amount(line.amountMinor)}<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${line.postedOn}</Dt></BookgDt><AcctSvcrRef>${line.bankReference}</AcctSvcrRef><AddtlNtryInf>${xml(line.description)}</AddtlNtryInf></Ntry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>GEN</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>GEN</Id><Acct><Id><Othr><Id>${statement.accountNumber}</Id></Othr></Id><Ccy>${statement.currency}</Ccy><Svcr><FinInstnId><BICFI>${statement.bankId}</BICFI></FinInstnId></Svcr></Acct>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>${amount(statement.closingBalanceMinor)}<Dt><Dt>2099-12-31</Dt></Dt></Bal>
${entries.join('\n')}
</Stmt></BkToCstmrStmt></Document>`;
}

/** A European bank's CSV export: semicolons, decimal commas, thousands points, every text quoted. */
export function writeCsv(statement: GeneratedStatement): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const amount = (minor: bigint) => {
    const [whole, fraction] = decimal(minor, statement.currency).split('.');
    const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, '.');
    return fraction === undefined ? grouped : `${grouped},${fraction}`;
  };
  const rows = statement.lines.map((line) =>
    [
      line.postedOn.split('-').reverse().join('.'),
      quote(line.description),
      line.bankReference,
      amount(line.amountMinor),
    ].join(';'),
  );
  return `\uFEFFBuchungstag;Verwendungszweck;Referenz;Betrag\r\n${rows.join('\r\n')}\r\n`;
}
