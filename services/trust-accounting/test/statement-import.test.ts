import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLClient } from '@lexfin/testing';
import { startTrustHarness, type TrustHarness } from './harness';
import { dataOf, errorCode, openAccount } from './operations';

let harness: TrustHarness;
let accountant: GraphQLClient;
const firmId = randomUUID();

const IMPORT = `mutation ($key: String!, $input: ImportBankStatementInput!) {
  importBankStatement(idempotencyKey: $key, input: $input) {
    statementId linesInFile imported duplicates closingBalance { amount currency }
  }
}`;

const shared = (name: string) =>
  readFileSync(join(__dirname, '../../../../shared/fixtures/bank-statements', name), 'utf8');
const local = (name: string) => readFileSync(join(__dirname, 'fixtures/statements', name), 'utf8');

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
});

afterAll(() => harness.close());

function importFile(trustAccountId: string, format: string, content: string, extra = {}) {
  return accountant.request(IMPORT, {
    key: randomUUID(),
    input: {
      trustAccountId,
      format,
      fileName: `statement.${format.toLowerCase()}`,
      content,
      ...extra,
    },
  });
}

async function lineCount(trustAccountId: string): Promise<number> {
  const rows = await harness.database.owner.db
    .selectFrom('bank_statement_lines')
    .select('id')
    .where('trust_account_id', '=', trustAccountId)
    .execute();
  return rows.length;
}

it('imports each format once per bank reference', async () => {
  const usd = await openAccount(accountant);
  const cadAccount = (accountNumber: string) =>
    openAccount(accountant, {
      currency: 'CAD',
      accountLast4: null,
      accountNumber,
      disbursementApprovalThreshold: { amount: '1000.00', currency: 'CAD' },
    });
  const cad = await cadAccount('10200123456');
  const cadOfx = await cadAccount('12300 000012345678');
  const csvMapping = {
    date: 'Date',
    debit: 'Debit',
    credit: 'Credit',
    description: 'Description',
    reference: 'Reference',
    checkNumber: 'Check Number',
    dateFormat: 'MM/DD/YYYY',
  };
  const first = dataOf(
    await importFile(usd, 'CAMT053', local('camt053_sample.xml')),
    'importBankStatement',
  );
  expect(first).toMatchObject({
    imported: 3,
    duplicates: 0,
    closingBalance: { amount: '4475.00' },
  });
  // The same bank references again, from the OFX and CSV exports of the same month.
  expect(
    dataOf(await importFile(usd, 'OFX', local('ofx211_sample.ofx')), 'importBankStatement'),
  ).toMatchObject({ imported: 0, duplicates: 2 });
  expect(
    dataOf(
      await importFile(usd, 'CSV', local('statement.csv'), { csvMapping }),
      'importBankStatement',
    ),
  ).toMatchObject({ imported: 1, duplicates: 2 });
  expect(await lineCount(usd)).toBe(4);

  expect(
    dataOf(await importFile(cad, 'BAI2', shared('bai2_sample1.txt')), 'importBankStatement'),
  ).toMatchObject({
    imported: 17,
  });
  expect(
    dataOf(
      await importFile(cadOfx, 'OFX', shared('ofx102_bank_medium.ofx')),
      'importBankStatement',
    ),
  ).toMatchObject({
    imported: 3,
    closingBalance: { amount: '382.34', currency: 'CAD' },
  });
  expect(
    dataOf(await importFile(cad, 'BAI2', shared('bai2_sample1.txt')), 'importBankStatement'),
  ).toMatchObject({
    imported: 0,
    duplicates: 17,
  });
});

it.each([
  ['BAI2', 'malformed_control_total.bai2', 'line 6'],
  ['OFX', 'truncated.ofx', '<STMTTRN>'],
  ['CAMT053', 'malformed_amount.camt053.xml', 'Stmt[1].Ntry[2].Amt'],
])('refuses a malformed %s file whole, naming %s', async (format, file, where) => {
  const trustAccountId = await openAccount(accountant, {
    currency: format === 'CAMT053' ? 'USD' : 'CAD',
    disbursementApprovalThreshold: {
      amount: '1.00',
      currency: format === 'CAMT053' ? 'USD' : 'CAD',
    },
  });
  const response = await importFile(trustAccountId, format, local(file));
  expect(errorCode(response)).toBe('BAD_USER_INPUT');
  expect(response.errors?.[0]?.extensions?.fields).toHaveProperty([where]);
  expect(await lineCount(trustAccountId)).toBe(0);
});

it('refuses a malformed CSV file whole, naming the line and column', async () => {
  const trustAccountId = await openAccount(accountant);
  const response = await importFile(trustAccountId, 'CSV', local('malformed_date.csv'), {
    csvMapping: {
      date: 'Date',
      debit: 'Debit',
      credit: 'Credit',
      description: 'Description',
      reference: 'Reference',
      dateFormat: 'MM/DD/YYYY',
    },
  });
  expect(response.errors?.[0]?.extensions?.fields).toEqual({
    'line 3 column "Date"': expect.any(String),
  });
  expect(await lineCount(trustAccountId)).toBe(0);
});

it("refuses a statement in another currency than the account's", async () => {
  const trustAccountId = await openAccount(accountant, {
    accountLast4: null,
    accountNumber: '10200123456',
  });
  const response = await importFile(trustAccountId, 'BAI2', shared('bai2_sample1.txt'));
  expect(response.errors?.[0]?.extensions?.fields).toHaveProperty(['content']);
});
