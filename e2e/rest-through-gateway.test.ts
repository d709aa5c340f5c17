/**
 * The gateway is the only endpoint front-ends use (API.md), for files too: a LEDES export, an
 * invoice PDF and a trust reconciliation report are downloaded from it at the services' own
 * paths, behind the same token check and correlation id as GraphQL.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { graphqlClient, mintToken, waitUntil, type GraphQLClient } from '@lexfin/testing';
import {
  addSeededPracticeArea,
  issuedInvoice,
  recordTime,
  setUpMatter,
} from '../services/billing/test/support/fixtures';
import { dataOf, deposit, openAccount } from '../services/trust-accounting/test/operations';
import {
  importCsv,
  SIGN_OFF,
  startReconciliation,
} from '../services/trust-accounting/test/reconciliation-operations';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
const firmId = randomUUID();
const staff: Role[] = ['billing_clerk', 'trust_accountant', 'partner'];
let invoice: { id: string; invoiceNumber: string };
let reconciliationId: string;

const as = async (roles: Role[], firm = firmId): Promise<GraphQLClient> =>
  graphqlClient(`${platform.gatewayUrl}/graphql`, await mintToken({ firmId: firm, roles }));

async function download(path: string, token: string | null, headers: Record<string, string> = {}) {
  return fetch(`${platform.gatewayUrl}${path}`, {
    headers: { ...headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
  });
}

beforeAll(async () => {
  platform = await startPlatform();
  const clerk = await as(staff);
  await addSeededPracticeArea(await as(['firm_admin']));
  const ids = await setUpMatter(clerk);
  await recordTime(clerk, ids, '1.5');
  invoice = await issuedInvoice(clerk, ids.matterId);

  // Trust-accounting learns of the matter from billing's events on Kafka.
  await waitUntil(async () =>
    Boolean(
      await platform.trustDatabase.owner.db
        .selectFrom('matters')
        .select('matter_id')
        .where('matter_id', '=', ids.matterId)
        .executeTakeFirst(),
    ),
  );
  const trustAccountId = await openAccount(clerk);
  const matter = { clientId: ids.clientId, matterId: ids.matterId };
  await deposit(clerk, trustAccountId, matter, '1000.00', 'WIRE', '2026-03-02');
  await importCsv(clerk, trustAccountId, ['2026-03-02,1000.00,WIRE,BK-1,']);
  const started = await startReconciliation(clerk, trustAccountId, '2026-03-31', '1000.00');
  reconciliationId = dataOf<{ id: string }>(started, 'startTrustReconciliation').id;
  dataOf(
    await (await as(['partner'])).request(SIGN_OFF, { key: randomUUID(), id: reconciliationId }),
    'signOffTrustReconciliation',
  );
});

afterAll(async () => {
  await platform?.close();
});

const paths = () => ({
  ledes: `/invoices/${invoice.id}/ledes`,
  pdf: `/invoices/${invoice.id}/pdf`,
  report: `/trust/reconciliations/${reconciliationId}/report.pdf`,
});

it('serves a LEDES export, an invoice PDF and a reconciliation report with the correlation id', async () => {
  const token = await mintToken({ firmId, roles: staff });
  const correlation = { 'x-correlation-id': `front-end-${randomUUID()}` };

  const ledes = await download(paths().ledes, token, correlation);
  expect(ledes.status).toBe(200);
  expect(ledes.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(ledes.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.id}.txt"`);
  expect(ledes.headers.get('x-correlation-id')).toBe(correlation['x-correlation-id']);
  const text = await ledes.text();
  expect(text.startsWith('LEDES1998B[]')).toBe(true);
  expect(text).toContain(invoice.invoiceNumber);

  const pdf = await download(paths().pdf, token);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  const report = await download(paths().report, token);
  expect(report.status).toBe(200);
  expect(report.headers.get('content-type')).toBe('application/pdf');
  expect(report.headers.get('content-disposition')).toBe(
    'attachment; filename="trust-reconciliation-2026-03-31.pdf"',
  );
  expect(
    Buffer.from(await report.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
});

it("answers firm B's token with 404 for firm A's files", async () => {
  const firmB = await mintToken({ firmId: randomUUID(), roles: staff });
  for (const path of Object.values(paths())) {
    const response = await download(path, firmB);
    expect({ path, status: response.status }).toEqual({ path, status: 404 });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  }
});

it('answers a request without a token with 401 problem+json, before any service is called', async () => {
  for (const path of Object.values(paths())) {
    const response = await download(path, null);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  }
});
