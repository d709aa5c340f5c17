import { sql } from 'kysely';
import type { GraphQLClient } from '@lexfin/testing';
import { errorOf, issuedInvoice, ok, recordTime, setUpMatter, usd } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let ids: Awaited<ReturnType<typeof setUpMatter>>;
let invoiceId: string;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  ids = await setUpMatter(clerk);
  await recordTime(clerk, ids, '1.0');
  invoiceId = (await issuedInvoice(clerk, ids.matterId)).id as string;
});

afterAll(() => harness.close());

/** Rows the firm has that a refused request could have written, outbox included. */
async function firmRows() {
  const { rows } = await sql<{ count: string }>`
    select (select count(*) from time_entries where firm_id = ${firmId})
         + (select count(*) from payments where firm_id = ${firmId})
         + (select count(*) from outbox where firm_id = ${firmId}) as count`.execute(
    harness.database.owner.db,
  );
  return Number(rows[0]!.count);
}

/** The error of a request that must be refused without writing anything. */
async function refused(query: string, variables?: Record<string, unknown>) {
  const before = await firmRows();
  const error = await errorOf(clerk, query, variables);
  expect(await firmRows()).toBe(before);
  return error;
}

const INVOICES = `query($after: String) { invoices(first: 1, after: $after) { nodes { id } endCursor } }`;
const RECEIVABLES = `query($after: String) { receivables(asOf: "2026-12-31", first: 1, after: $after) { items { invoice { id } } endCursor } }`;

describe('input the database could not hold is a typed error', () => {
  it('refuses a 20-digit amount, naming the amount and the bound', async () => {
    const error = await refused(
      `mutation($input: RecordPaymentInput!, $k: String!) { recordPayment(input: $input, idempotencyKey: $k) { id } }`,
      {
        input: { clientId: ids.clientId, method: 'WIRE', amount: usd('12345678901234567890.00') },
        k: 'too-much',
      },
    );
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'amount.amount': expect.stringContaining('92233720368547758.07 USD') },
    });
  });

  it('refuses a NUL character in a time-entry narrative, naming the field', async () => {
    const error = await refused(
      `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2026-03-03',
          hours: '0.5',
          narrative: 'Review\u0000lease',
        },
      },
    );
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { narrative: expect.stringContaining('NUL') },
    });
  });

  it('answers a valid id while refusing a malformed one beside it', async () => {
    const response = await clerk.request<{
      good: { id: string } | null;
      bad: { id: string } | null;
    }>(`query($id: ID!) { good: invoice(id: $id) { id } bad: invoice(id: "not-an-id") { id } }`, {
      id: invoiceId,
    });
    expect(response.data).toEqual({ good: { id: invoiceId }, bad: null });
    expect(response.errors).toEqual([
      expect.objectContaining({
        path: ['bad'],
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          fields: { id: expect.stringContaining('UUID') },
        }),
      }),
    ]);
  });

  it('refuses a forged cursor and a cursor of another query', async () => {
    const invoicesCursor = (await ok(clerk, INVOICES)).invoices.endCursor as string;
    const receivablesCursor = (await ok(clerk, RECEIVABLES)).receivables.endCursor as string;
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url');
    for (const [query, after] of [
      [INVOICES, 'forged'],
      [INVOICES, forged],
      [INVOICES, receivablesCursor],
      [RECEIVABLES, forged],
      [RECEIVABLES, invoicesCursor],
    ] as const) {
      expect((await refused(query, { after })).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { after: expect.any(String) },
      });
    }
    // A cursor of the query itself still pages on.
    expect((await ok(clerk, INVOICES, { after: invoicesCursor })).invoices.nodes).toEqual([]);
  });
});
