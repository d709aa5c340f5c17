import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userCaller } from '@lexfin/service-kit';
import { mintToken, type GraphQLClient } from '@lexfin/testing';
import { loadInvoiceDocuments } from '../../src/app/invoice-documents';
import { parseLedes } from '../../src/domain/ledes/parse';
import { textOf } from '../../src/http/invoice-pdf';
import { ok, recordTime, setUpMatter, usd } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let token: string;
const firmId = newFirm();
const sample = readFileSync(
  join(__dirname, '../../../../../shared/fixtures/ledes/ledes_1998b_sample.txt'),
  'utf8',
);

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  token = await mintToken({ firmId, roles: ['billing_clerk'] });
});

afterAll(() => harness.close());

const get = (path: string, bearer = token) =>
  fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
const parse = (body: string) =>
  fetch(`${harness.url}/ledes/parse`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body,
  });

/** An invoice with fees (one written down), an expense and tax, issued on 2026-04-01. */
async function fullInvoice(matterNumber?: string) {
  const ids = await setUpMatter(clerk, {
    taxRatePercent: '8.875',
    ...(matterNumber ? { matterNumber } : {}),
  });
  await recordTime(clerk, ids, '1.5');
  await recordTime(clerk, ids, '0.3', '2026-03-09');
  await ok(clerk, `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`, {
    input: {
      matterId: ids.matterId,
      incurredOn: '2026-03-10',
      expenseCode: 'E110',
      description: 'Out-of-town travel',
      unitCost: usd('289.50'),
    },
  });
  const draft = await ok(
    clerk,
    `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id lines { id } } }`,
    { m: ids.matterId },
  );
  await ok(
    clerk,
    `mutation($i: ID!, $l: ID!) { adjustInvoiceLine(invoiceId: $i, lineId: $l, adjustment: { amount: "-70.00", currency: "USD" }, reason: "Courtesy") { id } }`,
    {
      i: draft.generateDraftInvoice.id,
      l: draft.generateDraftInvoice.lines[0].id,
    },
  );
  const issued = await ok(
    clerk,
    `mutation($i: ID!, $k: String!) { issueInvoice(invoiceId: $i, invoiceDate: "2026-04-01", idempotencyKey: $k) { id invoiceNumber total { amount } } }`,
    {
      i: draft.generateDraftInvoice.id,
      k: `issue-${draft.generateDraftInvoice.id}`,
    },
  );
  return issued.issueInvoice as { id: string; invoiceNumber: string; total: { amount: string } };
}

describe('LEDES 1998B', () => {
  it('exports an issued invoice that parses back to the same totals', async () => {
    const invoice = await fullInvoice();
    const response = await get(`/invoices/${invoice.id}/ledes`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe('LEDES1998B[]');
    const { invoices, problems } = parseLedes(text);
    expect(problems).toEqual([]);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      invoiceNumber: invoice.invoiceNumber,
      invoiceTotal: invoice.total.amount,
      invoiceDate: '2026-04-01',
    });
    expect(invoices[0]!.lines.map((line) => [line.type, line.total])).toEqual([
      ['F', '380.00'],
      ['F', '90.00'],
      ['E', '289.50'],
      ['IF', '67.41'], // 759.50 x 8.875 % = 67.405625, half-up,
    ]);
    expect(invoices[0]!.lines[0]).toMatchObject({
      adjustmentAmount: '-70.00',
      taskCode: 'L110',
      activityCode: 'A101',
      timekeeperName: 'Arnsley, Robert',
      timekeeperClassification: 'PARTNR',
    });
  });

  it('exports several invoices in one file, and parses the published sample over HTTP', async () => {
    const [a, b] = [await fullInvoice(), await fullInvoice()];
    const text = await (await get(`/ledes/export?invoiceId=${a.id}&invoiceId=${b.id}`)).text();
    const parsed = await parse(text);
    expect(parsed.status).toBe(200);
    const body = (await parsed.json()) as {
      invoices: { invoiceNumber: string; invoiceTotal: string }[];
    };
    expect(
      body.invoices.map((invoice) => [invoice.invoiceNumber, invoice.invoiceTotal]).sort(),
    ).toEqual(
      [
        [a.invoiceNumber, a.total.amount],
        [b.invoiceNumber, b.total.amount],
      ].sort(),
    );
    const fixture = (await (await parse(sample)).json()) as {
      invoices: { invoiceTotal: string }[];
    };
    expect(fixture.invoices.map((invoice) => invoice.invoiceTotal)).toEqual(['1684.45', '1250.00']);
  });

  it('answers a malformed file with problem+json naming each line and field', async () => {
    const broken = sample
      .replace(
        '|19990115|L510||A102|22547|Research Attorney',
        '|19991315|L510||A102|22547|Research Attorney',
      )
      .replace('|E|1|0|24.95|', '|Q|1|0|24.95|');
    const response = await parse(broken);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as {
      code: string;
      details: { problems: { line: number; field: string }[] };
    };
    expect(problem.code).toBe('INVALID_LEDES');
    expect(problem.details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'LINE_ITEM_DATE' }),
        expect.objectContaining({ line: 6, field: 'EXP/FEE/INV_ADJ_TYPE' }),
      ]),
    );
  });

  it('reads one invoice of 45,000 lines (9.6 MB, within the route limit) and names its problem', async () => {
    const [version, header, , feeLine] = sample.split('\n');
    const count = 45_000;
    const items = Array.from({ length: count }, (_, index) =>
      feeLine!.replace('|1684.45|', `|${count * 700}|`).replace('|2|F|', `|${index + 1}|F|`),
    );
    items[count - 1] = items[count - 1]!.replace('|00711|', '|00712|');
    const response = await parse([version, header, ...items].join('\n'));
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { details: { problems: unknown[] } };
    expect(problem.details.problems).toEqual([
      { line: count + 2, field: 'CLIENT_ID', message: 'differs from line 3 of the same invoice' },
    ]);
  });

  it('does not export drafts, other firms or other clients', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const draft = await ok(
      clerk,
      `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id } }`,
      { m: ids.matterId },
    );
    expect((await get(`/invoices/${draft.generateDraftInvoice.id}/ledes`)).status).toBe(404);
    const issued = await fullInvoice();
    const otherFirm = await mintToken({ firmId: newFirm(), roles: ['billing_clerk'] });
    expect((await get(`/invoices/${issued.id}/ledes`, otherFirm)).status).toBe(404);
    const otherClient = await mintToken({
      firmId,
      roles: ['client_portal'],
      clientId: ids.clientId,
    });
    expect((await get(`/invoices/${issued.id}/pdf`, otherClient)).status).toBe(404);
    expect((await get(`/invoices/not-a-uuid/ledes`)).status).toBe(400);
    expect((await fetch(`${harness.url}/invoices/${issued.id}/ledes`)).status).toBe(401);
  });
});

describe('invoice PDF', () => {
  it('renders an issued invoice as a PDF, the same bytes every time', async () => {
    const invoice = await fullInvoice('PDF-1');
    const first = await get(`/invoices/${invoice.id}/pdf`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(await (await get(`/invoices/${invoice.id}/pdf`)).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
  });

  it('says what it should: lines with UTBMS codes, totals and remittance details', async () => {
    const invoice = await fullInvoice('PDF-2');
    const caller = userCaller(
      { firmId, userId: 'u', roles: ['billing_clerk'], token: '' },
      { requestId: 'r', correlationId: 'c' },
    );
    const [document] = await loadInvoiceDocuments(harness.service.deps, caller, [invoice.id]);
    const text = textOf(document!, 'Operating account 000123, routing 021000021');
    expect({
      ...text,
      title: text.title.replace(invoice.invoiceNumber, '<number>'),
      remittance: text.remittance.map((line) => line.replace(invoice.invoiceNumber, '<number>')),
    }).toMatchSnapshot();
  });
});
