import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '@lexfin/testing';
import { collectionState } from '../src/domain/collection-state';
import { defaultPolicy } from '../src/domain/policy';
import { BillingFacts } from './billing-facts';
import { clientFacts, openItem } from './domain/case-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
const firmId = randomUUID();
const mine = new BillingFacts(firmId, { email: 'mine@client.test' });
const theirs = new BillingFacts(firmId, { email: 'theirs@client.test' });
const myInvoice = mine.invoice('900.00', '2026-01-05', '2026-02-04');
const theirInvoice = theirs.invoice('500.00', '2026-01-05', '2026-02-04');
let portal: GraphQLClient;

beforeAll(async () => {
  harness = await startCollectionsHarness({ start: '2026-02-20T15:00:00Z' });
  await harness.seed(firmId, [
    mine.firmSettings(),
    mine.client(),
    mine.matter(),
    myInvoice.event,
    theirs.client(),
    theirs.matter(),
    theirInvoice.event,
  ]);
  await harness.sweep();
  portal = await harness.as(firmId, ['client_portal'], 'portal-user', mine.clientId);
});

afterAll(() => harness.close());

const usd = (amount: string) => ({ amount, currency: 'USD' });

it('shows the client its own open items only, without stages or grades', async () => {
  const response = await portal.request<{ myOpenItems: unknown[] }>(
    `{ myOpenItems { invoiceId invoiceNumber dueDate openAmount { amount } disputedAmount { amount } } }`,
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.myOpenItems).toEqual([
    {
      invoiceId: myInvoice.invoiceId,
      invoiceNumber: myInvoice.invoiceNumber,
      dueDate: '2026-02-04',
      openAmount: { amount: '900.00' },
      disputedAmount: { amount: '0.00' },
    },
  ]);
  // staff reads are closed to the portal
  const cases = await portal.request(`{ collectionCases { id } }`);
  expect(cases.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

it('promises within the policy limit, proposes a plan that changes nothing until accepted, and disputes its own invoice', async () => {
  const tooFar = await portal.request(
    `mutation { promiseToPay(amount: { amount: "100.00", currency: "USD" }, payBy: "2026-06-01", idempotencyKey: "far") { id } }`,
  );
  expect(tooFar.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  const promised = await portal.request<{ promiseToPay: { status: string; payBy: string } }>(
    `mutation { promiseToPay(amount: { amount: "300.00", currency: "USD" }, payBy: "2026-03-01", idempotencyKey: "p1") { status payBy } }`,
  );
  expect(promised.errors).toBeUndefined();
  expect(promised.data!.promiseToPay).toEqual({ status: 'OPEN', payBy: '2026-03-01' });

  const proposed = await portal.request<{ proposePaymentPlan: { id: string; status: string } }>(
    `mutation { proposePaymentPlan(total: { amount: "900.00", currency: "USD" }, count: 3, frequency: MONTHLY, firstDueOn: "2026-03-15", idempotencyKey: "plan") { id status } }`,
  );
  expect(proposed.errors).toBeUndefined();
  expect(proposed.data!.proposePaymentPlan.status).toBe('PROPOSED');
  const agreed = await harness.database.owner.db
    .selectFrom('outbox')
    .select('event_id')
    .where('firm_id', '=', firmId)
    .where('event_type', '=', 'lexfin.collections.payment_plan.agreed.v1')
    .execute();
  expect(agreed).toHaveLength(0);
  const agent = await harness.as(firmId, ['collections_agent']);
  const accepted = await agent.request<{ acceptPaymentPlanProposal: { status: string } }>(
    `mutation ($id: ID!) { acceptPaymentPlanProposal(planId: $id, idempotencyKey: "accept") { status } }`,
    { id: proposed.data!.proposePaymentPlan.id },
  );
  expect(accepted.errors).toBeUndefined();
  expect(accepted.data!.acceptPaymentPlanProposal.status).toBe('ACTIVE');

  const disputed = await portal.request<{ disputeInvoice: { status: string; amount: unknown } }>(
    `mutation ($id: ID!, $amount: MoneyInput!) { disputeInvoice(invoiceId: $id, amount: $amount, reason: "Not our matter", idempotencyKey: "d1") { status amount { amount } } }`,
    { id: myInvoice.invoiceId, amount: usd('200.00') },
  );
  expect(disputed.errors).toBeUndefined();
  expect(disputed.data!.disputeInvoice).toEqual({ status: 'OPEN', amount: { amount: '200.00' } });

  // A reason longer than the firm keeps is a typed refusal naming it, not an internal error.
  const longWinded = await portal.request(
    `mutation ($id: ID!, $amount: MoneyInput!, $reason: String!) { disputeInvoice(invoiceId: $id, amount: $amount, reason: $reason, idempotencyKey: "d2") { id } }`,
    { id: myInvoice.invoiceId, amount: usd('50.00'), reason: 'x'.repeat(2001) },
  );
  expect(longWinded.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fields: { reason: 'must be at most 2000 characters' },
  });
});

it("cannot see or touch another client's invoice or case", async () => {
  const other = await portal.request(
    `mutation ($id: ID!) { disputeInvoice(invoiceId: $id, amount: { amount: "10.00", currency: "USD" }, reason: "x", idempotencyKey: "d2") { id } }`,
    { id: theirInvoice.invoiceId },
  );
  expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const promise = await portal.request(
    `mutation ($c: ID!) { recordPromiseToPay(caseId: $c, amount: { amount: "10.00", currency: "USD" }, payBy: "2026-03-01", idempotencyKey: "p2") { id } }`,
    { c: randomUUID() },
  );
  expect(promise.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const disputes = await harness.database.owner.db
    .selectFrom('disputes')
    .select('client_id')
    .where('firm_id', '=', firmId)
    .execute();
  expect(disputes.map((row) => row.client_id)).toEqual([mine.clientId]);
});

it('opts out of SMS: no message goes by SMS after', async () => {
  const response = await portal.request<{ optOutOfChannel: { channel: string } }>(
    `mutation { optOutOfChannel(channel: SMS, idempotencyKey: "sms") { channel } }`,
  );
  expect(response.errors).toBeUndefined();
  const rows = await harness.database.owner.db
    .selectFrom('channel_opt_outs')
    .select(['client_id', 'channel'])
    .where('firm_id', '=', firmId)
    .execute();
  expect(rows).toEqual([{ client_id: mine.clientId, channel: 'SMS' }]);
  // The ladder's choice of channel: an SMS stage goes by another consented channel instead.
  const policy = defaultPolicy();
  policy.ladder = policy.ladder.map((stage) =>
    stage.kind === 'FRIENDLY_REMINDER' ? { ...stage, channel: 'SMS' as const } : stage,
  );
  const facts = {
    ...clientFacts({ consentedChannels: ['SMS', 'EMAIL'] }),
    items: [openItem('inv-1', '2026-02-04')],
  };
  const now = new Date('2026-02-06T15:00:00Z');
  expect(collectionState(facts, policy, now).nextStep?.channel).toBe('SMS');
  expect(
    collectionState({ ...facts, optedOutChannels: ['SMS'] }, policy, now).nextStep?.channel,
  ).toBe('EMAIL');
});
