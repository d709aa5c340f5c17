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
    imported closingBalance { amount currency }
  }
}`;

const multiAccountFile = readFileSync(
  join(__dirname, 'fixtures/statements/multi_account.bai2'),
  'utf8',
);

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
});

afterAll(() => harness.close());

function importBai2(trustAccountId: string) {
  return accountant.request(IMPORT, {
    key: randomUUID(),
    input: { trustAccountId, format: 'BAI2', fileName: 'bank.bai2', content: multiAccountFile },
  });
}

async function linesOf(trustAccountId: string): Promise<string[]> {
  const rows = await harness.database.owner.db
    .selectFrom('bank_statement_lines')
    .select('bank_reference')
    .where('trust_account_id', '=', trustAccountId)
    .orderBy('bank_reference')
    .execute();
  return rows.map((row) => row.bank_reference);
}

it("imports only the trust account's lines from a file holding the operating account too", async () => {
  const trust = await openAccount(accountant, {
    accountLast4: null,
    accountNumber: '000123454321',
    bankId: '121000248',
  });
  expect(dataOf(await importBai2(trust), 'importBankStatement')).toEqual({
    imported: 2,
    closingBalance: { amount: '4500.00', currency: 'USD' },
  });
  expect(await linesOf(trust)).toEqual(['TR1', 'TR2']);
});

it('refuses a file without the trust account, naming the accounts it holds', async () => {
  const other = await openAccount(accountant, {
    accountLast4: null,
    accountNumber: '000555550000',
    bankId: '121000248',
  });
  const response = await importBai2(other);
  expect(errorCode(response)).toBe('BAD_USER_INPUT');
  const problem = String(response.errors?.[0]?.extensions?.fields?.content);
  expect(problem).toContain('…4321');
  expect(problem).toContain('…0000');
  expect(await linesOf(other)).toEqual([]);
});

it('stores the full account number encrypted, and shows only its last 4 digits', async () => {
  const trust = await openAccount(accountant, {
    accountLast4: null,
    accountNumber: '000123454321',
    bankId: '121000248',
  });
  const row = await harness.database.owner.db
    .selectFrom('trust_accounts')
    .selectAll()
    .where('id', '=', trust)
    .executeTakeFirstOrThrow();
  expect(row.account_last4).toBe('4321');
  expect(Object.values(row).map(String).join(' ')).not.toContain('000123454321');
  expect(row.account_number_sealed).toMatch(/^v1\./);
});
