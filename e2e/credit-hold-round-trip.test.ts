/**
 * A credit hold's round trip through the broker, as the firm lives it through the gateway: a
 * credit officer sets a client's limit; billed and unbilled work pushes the client over it;
 * credit-assessment publishes the breach and billing holds the client's matters (no new time, but
 * work already done is still invoiced, and a matter opened meanwhile starts held). A partner's
 * own hold on one matter outlives the breach: a payment bringing exposure to the restore margin
 * (90% of the limit) makes credit publish the restore, billing releases only credit's holds.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { graphqlClient, mintToken, waitUntil, type GraphQLClient } from '@lexfin/testing';
import { ok, partnerAndPracticeArea } from './support/firm-setup';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let gatewayUrl: string;

beforeAll(async () => {
  platform = await startPlatform();
  gatewayUrl = `${platform.gatewayUrl}/graphql`;
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

const asCaller = async (firmId: string, roles: Role[], userId?: string) =>
  graphqlClient(gatewayUrl, await mintToken({ firmId, roles, ...(userId ? { userId } : {}) }));

/** Kafka hops (billing -> credit -> billing) under a loaded machine, bounded. */
const HOP_MS = 60_000;
const usd = (amount: string) => ({ amount, currency: 'USD' });

interface Firm {
  clerk: GraphQLClient;
  officer: GraphQLClient;
  partner: GraphQLClient;
  timekeeperId: string;
  practiceAreaId: string;
}

async function firmWithStaff(firmId: string): Promise<Firm> {
  const admin = await asCaller(firmId, ['firm_admin']);
  const { timekeeperId, practiceAreaId } = await partnerAndPracticeArea(
    admin,
    'Arnsley, Robert',
    'Real estate',
  );
  return {
    clerk: await asCaller(firmId, ['billing_clerk']),
    officer: await asCaller(firmId, ['credit_officer']),
    partner: await asCaller(firmId, ['partner'], 'partner-arnsley'),
    timekeeperId,
    practiceAreaId,
  };
}

async function openMatter(firm: Firm, clientId: string) {
  const { openMatter } = await ok(
    firm.clerk,
    `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
    {
      input: {
        clientId,
        matterNumber: `M-${randomUUID().slice(0, 8)}`,
        description: 'Lease dispute',
        responsiblePartnerId: firm.timekeeperId,
        practiceAreaId: firm.practiceAreaId,
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
      },
    },
  );
  return openMatter.id as string;
}

const TIME_ENTRY = `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`;
const timeEntry = (firm: Firm, matterId: string, hours: string) =>
  firm.clerk.request(TIME_ENTRY, {
    input: {
      matterId,
      timekeeperId: firm.timekeeperId,
      workDate: '2026-03-02',
      hours,
      taskCode: 'L110',
      activityCode: 'A101',
      narrative: 'Review lease',
    },
  });

async function issueInvoice(firm: Firm, matterId: string) {
  const draft = await ok(
    firm.clerk,
    `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id } }`,
    { m: matterId },
  );
  const { issueInvoice } = await ok(
    firm.clerk,
    `mutation($id: ID!, $k: String!) { issueInvoice(invoiceId: $id, invoiceDate: "2026-04-01", idempotencyKey: $k) { status total { amount } } }`,
    { id: draft.generateDraftInvoice.id, k: `issue-${draft.generateDraftInvoice.id}` },
  );
  return issueInvoice as { status: string; total: { amount: string } };
}

interface Held {
  status: string;
  creditHolds: { source: string; placedBy: string; breachId: string | null }[];
}
const MATTER = `query($m: ID!) { matter(id: $m) { status creditHolds { source placedBy breachId } } }`;
const matter = async (firm: Firm, matterId: string) =>
  (await ok<{ matter: Held }>(firm.clerk, MATTER, { m: matterId })).matter;

/** Credit's view of the client: undefined until credit has its file, [] before any work. */
async function exposure(firm: Firm, clientId: string) {
  const response = await firm.officer.request<{
    client: { creditProfile: { exposure: { total: { amount: string } }[] } | null } | null;
  }>(`query($c: ID!) { client(id: $c) { creditProfile { exposure { total { amount } } } } }`, {
    c: clientId,
  });
  return response.data?.client?.creditProfile?.exposure.map((position) => position.total.amount);
}

it("holds a client's matters over its credit limit and releases credit's holds on restore, never a partner's", async () => {
  const firm = await firmWithStaff(randomUUID());
  const { createClient } = await ok(
    firm.clerk,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
    {
      input: {
        displayName: 'Harbour & Finch LLP',
        kind: 'ORGANISATION',
        timeZone: 'America/New_York',
        currency: 'USD',
      },
    },
  );
  const clientId = createClient.id as string;
  const lease = await openMatter(firm, clientId);
  const supply = await openMatter(firm, clientId);

  // Credit learns of the client from billing's events, then its officer sets the limit.
  await waitUntil(async () => (await exposure(firm, clientId)) !== undefined, HOP_MS);
  const { setCreditLimit } = await ok(
    firm.officer,
    `mutation($c: ID!) { setCreditLimit(clientId: $c, amount: { amount: "1000.00", currency: "USD" },
      reason: "New client, small firm", idempotencyKey: "limit-1") { limit { amount currency } } }`,
    { c: clientId },
  );
  expect(setCreditLimit.limit).toEqual(usd('1000.00'));

  // 600.00 billed on the lease matter, then 600.00 of work on the supply matter: 1,200.00 > 1,000.00.
  expect((await timeEntry(firm, lease, '2.0')).errors).toBeUndefined();
  expect(await issueInvoice(firm, lease)).toEqual({
    status: 'ISSUED',
    total: { amount: '600.00' },
  });
  expect((await timeEntry(firm, supply, '2.0')).errors).toBeUndefined();

  await waitUntil(
    async () =>
      (await matter(firm, supply)).status === 'ON_HOLD' &&
      (await matter(firm, lease)).status === 'ON_HOLD',
    HOP_MS,
  );
  const [leaseHeld, supplyHeld] = [await matter(firm, lease), await matter(firm, supply)];
  for (const held of [leaseHeld, supplyHeld]) {
    expect(held.creditHolds).toEqual([
      { source: 'CREDIT', placedBy: 'system:credit-limit', breachId: expect.any(String) },
    ]);
  }
  const breachId = leaseHeld.creditHolds[0]!.breachId;
  expect(supplyHeld.creditHolds[0]!.breachId).toBe(breachId);
  const { client } = await ok(
    firm.clerk,
    `query($c: ID!) { client(id: $c) { creditBreaches { id currency cause } } }`,
    { c: clientId },
  );
  expect(client.creditBreaches).toEqual([{ id: breachId, currency: 'USD', cause: 'OVER_LIMIT' }]);

  // No new work while held, but the work already recorded is invoiced.
  const refused = await timeEntry(firm, supply, '0.5');
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_HOLD', matterId: supply });
  expect(await issueInvoice(firm, supply)).toEqual({
    status: 'ISSUED',
    total: { amount: '600.00' },
  });

  // A matter opened while the client is in breach starts on credit's hold.
  const appeal = await openMatter(firm, clientId);
  expect(await matter(firm, appeal)).toEqual({
    status: 'ON_HOLD',
    creditHolds: [{ source: 'CREDIT', placedBy: 'system:credit-limit', breachId }],
  });

  // The partner holds the lease matter for a reason of their own.
  await ok(
    firm.partner,
    `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Fee dispute") { id } }`,
    { m: lease },
  );

  // 300.00 paid: 900.00 open, exactly the restore margin of 90% of 1,000.00.
  const { recordPayment } = await ok(
    firm.clerk,
    `mutation($input: RecordPaymentInput!) { recordPayment(input: $input, idempotencyKey: "wire-1") { id } }`,
    { input: { clientId, method: 'WIRE', amount: usd('300.00'), receivedOn: '2026-04-20' } },
  );
  expect(recordPayment.id).toEqual(expect.any(String));

  await waitUntil(async () => (await matter(firm, supply)).status === 'OPEN', HOP_MS);
  expect(await exposure(firm, clientId)).toEqual(['900.00']);
  expect(await matter(firm, supply)).toEqual({ status: 'OPEN', creditHolds: [] });
  expect(await matter(firm, appeal)).toEqual({ status: 'OPEN', creditHolds: [] });
  const leaseAfter = await matter(firm, lease);
  expect(leaseAfter.status).toBe('ON_HOLD');
  expect(leaseAfter.creditHolds).toEqual([
    { source: 'PERSON', placedBy: 'partner-arnsley', breachId: null },
  ]);
  expect(
    (
      await ok(firm.clerk, `query($c: ID!) { client(id: $c) { creditBreaches { id } } }`, {
        c: clientId,
      })
    ).client.creditBreaches,
  ).toEqual([]);

  // The supply matter takes time again (30.00 keeps the client under its limit); the lease does not.
  expect((await timeEntry(firm, supply, '0.1')).errors).toBeUndefined();
  const stillHeld = await timeEntry(firm, lease, '0.1');
  expect(stillHeld.errors?.[0]?.extensions?.code).toBe('CREDIT_HOLD');
}, 240_000);
