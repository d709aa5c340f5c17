/**
 * Collections through the gateway: firm A bills through billing's API (an invoice dated forty
 * days ago on net 30 terms, so ten days past due); billing's events reach collections over Kafka;
 * the sweep opens a case and a reminder email arrives at the local SMTP server; the front-end sees
 * the case through the gateway; a payment recorded in billing closes it. Firm B and a
 * client_portal token see nothing of it. Collections' requests reach billing the same way: a
 * write-off a partner approved, an upheld dispute's credit note.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import {
  graphqlClient,
  mintToken,
  startSmtpServer,
  waitUntil,
  type TestSmtpServer,
} from '@lexfin/testing';
import { runDueSteps } from '../services/collections/src/app/cases/ladder-step';
import type { CollectionsDependencies } from '../services/collections/src/app/collections-scope';
import { addDays, localDate, localDateTime } from '../services/collections/src/domain/calendar';
import { ok, partnerAndPracticeArea } from './support/firm-setup';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  platform = await startPlatform({ env: { COLLECTIONS_SMTP_URL: smtp.url } });
});

afterAll(async () => {
  await platform?.close();
  await smtp?.close();
});

const as = async (firmId: string, roles: Role[], clientId?: string) =>
  graphqlClient(`${platform.gatewayUrl}/graphql`, await mintToken({ firmId, roles, clientId }));

/** A zone where it is now daytime, so the reminder may go at once (08:00-21:00 client time). */
function daytimeZone(now: Date): string {
  const zones = [
    'Pacific/Honolulu',
    'America/Los_Angeles',
    'America/New_York',
    'Europe/London',
    'Asia/Dubai',
    'Asia/Tokyo',
    'Pacific/Auckland',
  ];
  return zones.find((zone) => {
    const hour = localDateTime(zone, now).secondOfDay / 3600;
    return hour >= 9 && hour < 19;
  })!;
}

const usd = (amount: string) => ({ amount, currency: 'USD' });

/** Firm A's client, matter and an invoice for 4.0 hours at 300.00, dated `invoiceDate`. */
async function billFirmA(firmId: string, timeZone: string, email: string, invoiceDate: string) {
  const admin = await as(firmId, ['firm_admin']);
  const clerk = await as(firmId, ['billing_clerk']);
  const { timekeeperId, practiceAreaId } = await partnerAndPracticeArea(
    admin,
    'Arnsley, Robert',
    'Litigation',
  );
  const { createClient } = await ok(
    clerk,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
    {
      input: {
        displayName: 'Harbour & Finch LLP',
        kind: 'ORGANISATION',
        timeZone,
        currency: 'USD',
        billingEmail: email,
        preferredContactChannel: 'EMAIL',
        contactConsent: { email: true, sms: false, post: false },
      },
    },
  );
  const clientId = createClient.id as string;
  const { openMatter } = await ok(
    clerk,
    `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
    {
      input: {
        clientId,
        matterNumber: 'M-100',
        description: 'Lease dispute',
        responsiblePartnerId: timekeeperId,
        practiceAreaId: practiceAreaId,
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
      },
    },
  );
  const periodStart = addDays(invoiceDate, -30);
  await ok(clerk, `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`, {
    input: {
      matterId: openMatter.id,
      timekeeperId,
      workDate: addDays(invoiceDate, -10),
      hours: '4.0',
      taskCode: 'L110',
      activityCode: 'A101',
      narrative: 'Review lease',
    },
  });
  const draft = await ok(
    clerk,
    `mutation($m: ID!, $from: String!, $to: String!) {
       generateDraftInvoice(matterId: $m, periodStart: $from, periodEnd: $to) { id } }`,
    { m: openMatter.id, from: periodStart, to: addDays(invoiceDate, -1) },
  );
  const { issueInvoice } = await ok(
    clerk,
    `mutation($id: ID!, $d: String!) {
       issueInvoice(invoiceId: $id, invoiceDate: $d, idempotencyKey: "issue-1") { id invoiceNumber total { amount } } }`,
    { id: draft.generateDraftInvoice.id, d: invoiceDate },
  );
  expect(issueInvoice.total.amount).toBe('1200.00');
  return {
    clerk,
    clientId,
    invoiceId: issueInvoice.id as string,
    invoiceNumber: issueInvoice.invoiceNumber as string,
  };
}

/** A new firm with an invoice forty days old (ten days past due), its client where it is day. */
async function overdueInvoice(emailPrefix: string) {
  const firm = randomUUID();
  const timeZone = daytimeZone(new Date());
  const today = localDate(timeZone, new Date());
  const email = `${emailPrefix}-${firm.slice(0, 8)}@client.test`;
  return { firm, today, ...(await billFirmA(firm, timeZone, email, addDays(today, -40))) };
}

it("opens firm A's case from billing's events, emails a reminder, and closes it on payment", async () => {
  const firmA = randomUUID();
  const email = `e2e-${firmA.slice(0, 8)}@client.test`;
  const timeZone = daytimeZone(new Date());
  const today = localDate(timeZone, new Date());
  const { clerk, clientId, invoiceNumber } = await billFirmA(
    firmA,
    timeZone,
    email,
    addDays(today, -40),
  );
  const collections = platform.collections.deps as CollectionsDependencies;
  const staff = await as(firmA, ['collections_agent']);
  await waitUntil(async () => {
    await runDueSteps(collections);
    const cases = await staff.request<{ collectionCases: { id: string }[] }>(
      'query { collectionCases { id } }',
    );
    return (cases.data?.collectionCases.length ?? 0) === 1;
  }, 60_000);
  const [mail] = await smtp.waitForMail(1, 30_000);
  expect(mail!.to).toEqual([email]);
  expect(mail!.text).toContain('1,200.00');
  expect(mail!.text).toContain(invoiceNumber);

  const view = await staff.request<{
    collectionCases: { id: string; status: string; items: { invoiceNumber: string }[] }[];
  }>('query { collectionCases { id status items { invoiceNumber daysPastDue } } }');
  expect(view.errors).toBeUndefined();
  expect(view.data!.collectionCases).toEqual([
    { id: expect.any(String), status: 'OPEN', items: [{ invoiceNumber, daysPastDue: 10 }] },
  ]);

  // firm B and the client's own portal login see nothing of it
  const firmB = await as(randomUUID(), ['collections_agent']);
  const other = await firmB.request<{ collectionCases: unknown[] }>(
    'query { collectionCases { id } }',
  );
  expect(other.data!.collectionCases).toEqual([]);
  const portal = await as(firmA, ['client_portal'], clientId);
  const refused = await portal.request('query { collectionCases { id } }');
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  await ok(
    clerk,
    `mutation($input: RecordPaymentInput!) { recordPayment(input: $input, idempotencyKey: "ach-1") { id } }`,
    { input: { clientId, method: 'ACH', amount: usd('1200.00'), receivedOn: today } },
  );
  await waitUntil(async () => {
    await runDueSteps(collections);
    const cases = await staff.request<{ collectionCases: { status: string }[] }>(
      'query { collectionCases { status } }',
    );
    return cases.data?.collectionCases[0]?.status === 'CLOSED';
  }, 60_000);
});

it('writes an invoice off in billing once a partner other than the recommender approves it in collections', async () => {
  const { firm, clerk, invoiceId } = await overdueInvoice('wo');
  const collections = platform.collections.deps as CollectionsDependencies;
  const agent = graphqlClient(
    `${platform.gatewayUrl}/graphql`,
    await mintToken({ firmId: firm, roles: ['collections_agent', 'partner'], userId: 'pat' }),
  );
  const partner = graphqlClient(
    `${platform.gatewayUrl}/graphql`,
    await mintToken({ firmId: firm, roles: ['partner'], userId: 'quinn' }),
  );
  let caseId = '';
  await waitUntil(async () => {
    await runDueSteps(collections);
    const cases = await agent.request<{ collectionCases: { id: string }[] }>(
      'query { collectionCases { id } }',
    );
    caseId = cases.data?.collectionCases[0]?.id ?? '';
    return caseId !== '';
  }, 60_000);
  const { recommendWriteOff } = await ok(
    agent,
    `mutation($caseId: ID!) {
       recommendWriteOff(caseId: $caseId, amount: { amount: "1200.00", currency: "USD" }, reason: "Client insolvent", idempotencyKey: "w-1") { id } }`,
    { caseId },
  );
  const approve = `mutation($id: ID!) { approveWriteOff(recommendationId: $id, idempotencyKey: "a-1") { approvedBy } }`;
  const own = await agent.request(approve, { id: recommendWriteOff.id });
  expect(own.errors?.[0]?.extensions?.code).toBe('SELF_APPROVAL_FORBIDDEN');
  expect((await ok(partner, approve, { id: recommendWriteOff.id })).approveWriteOff).toEqual({
    approvedBy: 'quinn',
  });
  // Billing's consumer writes it off; billing's events close the case in collections.
  const invoiceOf = async () =>
    (
      await clerk.request<{
        invoice: { writtenOff: { amount: string }; openAmount: { amount: string } };
      }>(`query($id: ID!) { invoice(id: $id) { writtenOff { amount } openAmount { amount } } }`, {
        id: invoiceId,
      })
    ).data?.invoice;
  await waitUntil(async () => (await invoiceOf())?.openAmount.amount === '0.00', 60_000);
  expect(await invoiceOf()).toEqual({
    writtenOff: { amount: '1200.00' },
    openAmount: { amount: '0.00' },
  });
  await waitUntil(async () => {
    await runDueSteps(collections);
    const cases = await agent.request<{ collectionCases: { status: string }[] }>(
      'query { collectionCases { status } }',
    );
    return cases.data?.collectionCases[0]?.status === 'CLOSED';
  }, 60_000);
});

it("credits an upheld dispute in billing, and a rejected one leaves billing's invoice as it was", async () => {
  const { firm, today, clerk, invoiceId } = await overdueInvoice('dispute');
  const agent = await as(firm, ['collections_agent']);
  const dispute = async (amount: string, key: string) =>
    (
      await ok(
        agent,
        `mutation($invoiceId: ID!, $amount: MoneyInput!, $deadline: String!, $key: String!) {
           openDispute(invoiceId: $invoiceId, amount: $amount, reason: "Hours on the lease review",
             owner: "pat", deadline: $deadline, idempotencyKey: $key) { id } }`,
        { invoiceId, amount: usd(amount), deadline: addDays(today, 14), key },
      )
    ).openDispute.id as string;
  const resolve = (disputeId: string, outcome: 'UPHELD' | 'REJECTED', key: string) =>
    ok(
      agent,
      `mutation($id: ID!, $outcome: DisputeOutcome!, $key: String!) {
         resolveDispute(disputeId: $id, outcome: $outcome, reason: "Reviewed with the partner", idempotencyKey: $key) { id } }`,
      { id: disputeId, outcome, key },
    );
  const invoiceOf = async () =>
    (
      await clerk.request<{
        invoice: { credited: { amount: string }; openAmount: { amount: string } };
      }>(`query($id: ID!) { invoice(id: $id) { credited { amount } openAmount { amount } } }`, {
        id: invoiceId,
      })
    ).data?.invoice;
  // The invoice reaches collections' replica from billing's events before it can be disputed.
  let upheld = '';
  await waitUntil(async () => {
    upheld = await dispute('400.00', 'd-1').catch(() => '');
    return upheld !== '';
  }, 60_000);
  await resolve(upheld, 'UPHELD', 'r-1');
  await waitUntil(async () => (await invoiceOf())?.credited.amount === '400.00', 60_000);
  expect(await invoiceOf()).toEqual({
    credited: { amount: '400.00' },
    openAmount: { amount: '800.00' },
  });
  const rejected = await dispute('200.00', 'd-2');
  await resolve(rejected, 'REJECTED', 'r-2');
  // Billing hears of the rejection too (the event goes out); give it time to act, then look.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await invoiceOf()).toEqual({
    credited: { amount: '400.00' },
    openAmount: { amount: '800.00' },
  });
});
