import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { mintToken, pdfText, type GraphQLClient } from '@lexfin/testing';
import {
  billingMatterEvents,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';
import { dataOf, deposit, disburse, openAccount } from './operations';
import { importCsv, SIGN_OFF, startReconciliation } from './reconciliation-operations';

let harness: TrustHarness;
let accountant: GraphQLClient;
let trustAccountId: string;
let matter: OpenedMatter;
let reconciliationId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
  trustAccountId = await openAccount(accountant);
  const billing = billingMatterEvents(firmId);
  matter = billing.matter;
  await harness.seedBilling(firmId, billing.events);
  await deposit(accountant, trustAccountId, matter, '50.00', 'WIRE', '2026-02-20');
  await deposit(accountant, trustAccountId, matter, '1000.00', 'WIRE', '2026-03-02');
  await disburse(accountant, trustAccountId, matter, '200.00', { checkNumber: '1001' });
  await disburse(accountant, trustAccountId, matter, '75.00', {
    checkNumber: '1002',
    paidOn: '2026-03-30',
  });
  await importCsv(accountant, trustAccountId, [
    '2026-02-20,50.00,WIRE,BK-1,',
    '2026-03-02,1000.00,WIRE,BK-2,',
    '2026-03-08,-200.00,CHECK 1001,BK-3,1001',
  ]);
  const started = await startReconciliation(accountant, trustAccountId, '2026-03-31', '850.00');
  reconciliationId = dataOf<{ id: string }>(started, 'startTrustReconciliation').id;
  const partner = await harness.as(firmId, ['partner']);
  dataOf(
    await partner.request(SIGN_OFF, { key: randomUUID(), id: reconciliationId }),
    'signOffTrustReconciliation',
  );
});

afterAll(() => harness.close());

async function download(
  path: string,
  caller: { roles: Role[]; clientId?: string } | null = { roles: ['trust_accountant'] },
) {
  const headers: Record<string, string> = {};
  if (caller) {
    headers.authorization = `Bearer ${await mintToken({ firmId, ...caller })}`;
  }
  return fetch(harness.url.replace(/\/graphql$/, path), { headers });
}

const statementPath = (format: string, query = 'from=2026-03-01&to=2026-03-31') =>
  `/trust/accounts/${trustAccountId}/clients/${matter.clientId}/statement.${format}?${query}`;

describe('client trust statement', () => {
  it('downloads as CSV: opening balance, every entry with its running balance, totals', async () => {
    const response = await download(statementPath('csv'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await response.text()).split('\r\n');
    expect(rows[0]).toBe('Client trust statement 2026-03-01 to 2026-03-31');
    expect(rows).toContain(`Client id,${matter.clientId}`);
    expect(rows).toContain('Date,Type,Description,Reference,Amount,Balance');
    expect(rows).toContain('2026-03-01,,Opening balance,,,50.00');
    expect(rows).toContain('2026-03-02,DEPOSIT,Deposit by WIRE,,1000.00,1050.00');
    expect(rows).toContain('2026-03-05,DISBURSEMENT,Filing fee,1001,-200.00,850.00');
    expect(rows).toContain('2026-03-30,DISBURSEMENT,Filing fee,1002,-75.00,775.00');
    expect(rows.slice(-4)).toEqual([
      'Receipts,1000.00 USD',
      'Payments,275.00 USD',
      'Closing balance,775.00 USD',
      '',
    ]);
  });

  it('downloads as PDF with the same figures', async () => {
    const response = await download(statementPath('pdf'));
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toEqual(
      expect.arrayContaining([
        'Client trust statement 2026-03-01 to 2026-03-31',
        '1050.00',
        '-200.00',
        'Closing balance: 775.00 USD',
      ]),
    );
  });

  it('is served to the client itself, and to no other client', async () => {
    const own = await download(statementPath('csv'), {
      roles: ['client_portal'],
      clientId: matter.clientId,
    });
    expect(own.status).toBe(200);
    const other = await download(statementPath('csv'), {
      roles: ['client_portal'],
      clientId: randomUUID(),
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await other.json()).toMatchObject({ code: 'FORBIDDEN' });
    const graphql = await harness.as(firmId, ['client_portal'], undefined, matter.clientId);
    const statement = await graphql.request(
      `query ($t: ID!, $c: ID!) { clientTrustStatement(trustAccountId: $t, clientId: $c, from: "2026-03-01", to: "2026-03-31") {
        matters { openingBalance { amount } closingBalance { amount } lines { runningBalance { amount } } }
      } }`,
      { t: trustAccountId, c: matter.clientId },
    );
    expect(dataOf(statement, 'clientTrustStatement')).toEqual({
      matters: [
        {
          openingBalance: { amount: '50.00' },
          closingBalance: { amount: '775.00' },
          lines: [
            { runningBalance: { amount: '1050.00' } },
            { runningBalance: { amount: '850.00' } },
            { runningBalance: { amount: '775.00' } },
          ],
        },
      ],
    });
  });

  it('answers bad input and missing tokens as problem+json', async () => {
    const bad = await download(statementPath('csv', 'from=2026-13-01&to=2026-03-31'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { from: expect.any(String) },
    });
    const anonymous = await download(statementPath('csv'), null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('reconciliation report', () => {
  const reportPath = (format: string) =>
    `/trust/reconciliations/${reconciliationId}/report.${format}`;

  it('downloads as CSV with the three balances, the reconciling items and the trial balance', async () => {
    const rows = (await (await download(reportPath('csv'))).text()).split('\r\n');
    expect(rows[0]).toBe('Three-way trust reconciliation as of 2026-03-31');
    expect(rows).toEqual(
      expect.arrayContaining([
        'Status,SIGNED_OFF',
        'Bank statement balance,850.00 USD',
        'Less outstanding checks,75.00 USD',
        '(a) Adjusted bank balance,775.00 USD',
        '(b) Trust journal balance,775.00 USD',
        '(c) Sum of client ledgers,775.00 USD',
        'In agreement,yes',
        'Outstanding checks',
        `2026-03-30,DISBURSEMENT,1002,Filing fee,${matter.clientId},${matter.matterId},-75.00`,
        'Client trial balance as of 2026-03-31',
        'Total,775.00 USD',
      ]),
    );
  });

  it('downloads as PDF with the same figures', async () => {
    const text = pdfText(Buffer.from(await (await download(reportPath('pdf'))).arrayBuffer()));
    expect(text).toEqual(
      expect.arrayContaining([
        '(a) Adjusted bank balance: 775.00 USD',
        '(c) Sum of client ledgers: 775.00 USD',
        '-75.00',
      ]),
    );
  });

  it('is not for a client login, nor another firm', async () => {
    const portal = await download(reportPath('csv'), {
      roles: ['client_portal'],
      clientId: matter.clientId,
    });
    expect(portal.status).toBe(403);
    const stranger = await fetch(harness.url.replace(/\/graphql$/, reportPath('csv')), {
      headers: {
        authorization: `Bearer ${await mintToken({ firmId: randomUUID(), roles: ['partner'] })}`,
      },
    });
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
