import { randomUUID } from 'node:crypto';
import { startSmtpServer, type TestSmtpServer } from '@lexfin/testing';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
let smtp: TestSmtpServer;
const firmId = randomUUID();
const facts = new BillingFacts(firmId, { email: 'graph@client.test' });
const invoice = facts.invoice('750.00', '2026-01-01', '2026-01-31');
let caseId: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startCollectionsHarness({ smtpUrl: smtp.url, start: '2026-02-01T18:00:00Z' });
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);
  await harness.sweep();
  const found = await harness.database.owner.db
    .selectFrom('collection_cases')
    .select('id')
    .where('firm_id', '=', firmId)
    .executeTakeFirstOrThrow();
  caseId = found.id;
});

afterAll(async () => {
  await harness.close();
  await smtp.close();
});

it('shows a case with its items, stages and contact log, and previews the next message', async () => {
  harness.clock.set('2026-02-14T18:00:00Z');
  const agent = await harness.as(firmId, ['collections_agent']);
  const response = await agent.request<{
    collectionCase: Record<string, unknown>;
    previewCollectionMessage: { subject: string; text: string; sendAt: string };
  }>(
    `query ($id: ID!) {
      collectionCase(id: $id) {
        status client { id }
        items { invoiceNumber daysPastDue openAmount { amount currency } stage nextStage }
        contactLog { channel outcome stage recordedBy }
      }
      previewCollectionMessage(caseId: $id) { subject text sendAt }
    }`,
    { id: caseId },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.collectionCase).toEqual({
    status: 'OPEN',
    client: { id: facts.clientId },
    items: [
      {
        invoiceNumber: invoice.invoiceNumber,
        daysPastDue: 14,
        openAmount: { amount: '750.00', currency: 'USD' },
        stage: 'FRIENDLY_REMINDER',
        nextStage: 'FORMAL_NOTICE',
      },
    ],
    contactLog: [
      { channel: 'EMAIL', outcome: 'SENT', stage: 'FRIENDLY_REMINDER', recordedBy: 'ladder' },
    ],
  });
  // the formal notice is due on day 15, at 08:00 New York time
  expect(response.data!.previewCollectionMessage).toMatchObject({
    subject: expect.stringMatching(/overdue balance/),
    sendAt: '2026-02-15T13:00:00.000Z',
  });
  expect(response.data!.previewCollectionMessage.text).toContain('750.00');
});

it('logs a call by hand; the conversation holds the ladder for 7 days', async () => {
  harness.clock.set('2026-02-14T19:00:00Z');
  const agent = await harness.as(firmId, ['collections_agent']);
  const logged = await agent.request(
    `mutation ($clientId: ID!) {
      logCollectionContact(clientId: $clientId, channel: CALL, outcome: CONVERSATION, note: "Promised to pay", idempotencyKey: "call-1") { id }
      again: logCollectionContact(clientId: $clientId, channel: CALL, outcome: CONVERSATION, note: "Promised to pay", idempotencyKey: "call-1") { id }
    }`,
    { clientId: facts.clientId },
  );
  expect(logged.errors).toBeUndefined();
  const data = logged.data as { logCollectionContact: { id: string }; again: { id: string } };
  expect(data.again.id).toBe(data.logCollectionContact.id);
  const preview = await agent.request<{ previewCollectionMessage: { sendAt: string } }>(
    `query ($id: ID!) { previewCollectionMessage(caseId: $id) { sendAt } }`,
    { id: caseId },
  );
  // 14 February is day 1 of 7: next contact 21 February, 08:00 New York
  expect(preview.data!.previewCollectionMessage.sendAt).toBe('2026-02-21T13:00:00.000Z');
  const note = await agent.request(
    `mutation ($caseId: ID!) { addCaseNote(caseId: $caseId, body: "Client asked for a copy", idempotencyKey: "note-1") { body } }`,
    { caseId },
  );
  expect(note.errors).toBeUndefined();
});

it('answers Invoice.collectionCase and Client.collections for the gateway, batched', async () => {
  const agent = await harness.as(firmId, ['collections_agent']);
  const response = await agent.request<{ _entities: unknown[] }>(
    `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Invoice { id collectionCase { id status } }
        ... on Client { id collections { id } }
      }
    }`,
    {
      representations: [
        { __typename: 'Invoice', id: invoice.invoiceId },
        { __typename: 'Invoice', id: randomUUID() },
        { __typename: 'Client', id: facts.clientId },
      ],
    },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!._entities).toEqual([
    { id: invoice.invoiceId, collectionCase: { id: caseId, status: 'OPEN' } },
    { id: expect.any(String), collectionCase: null },
    { id: facts.clientId, collections: [{ id: caseId }] },
  ]);
});

it('shows client_portal and other firms nothing of the case', async () => {
  const portal = await harness.as(firmId, ['client_portal'], undefined, facts.clientId);
  const refused = await portal.request(`query ($id: ID!) { collectionCase(id: $id) { id } }`, {
    id: caseId,
  });
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const entity = await portal.request(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Invoice { collectionCase { id } } } }`,
    { r: [{ __typename: 'Invoice', id: invoice.invoiceId }] },
  );
  expect(entity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const other = await harness.as(randomUUID(), ['collections_agent']);
  const missing = await other.request(`query ($id: ID!) { collectionCase(id: $id) { id } }`, {
    id: caseId,
  });
  expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

describe('the collections policy', () => {
  const POLICY = `query { collectionPolicy { version ladder { kind offsetDays channel }
    limits { maxAttemptsIn7Days windowStart windowEnd } feeArbitrationRegions } }`;
  const PUBLISH = `mutation ($input: CollectionPolicyInput!, $key: String!) {
    publishCollectionPolicy(input: $input, idempotencyKey: $key) { version ladder { kind offsetDays } } }`;
  const input = (finalNoticeDay: number) => ({
    ladder: [
      {
        kind: 'FRIENDLY_REMINDER',
        offsetDays: 1,
        channel: 'EMAIL',
        templateKey: 'friendly_reminder',
        responsibleRole: 'collections_agent',
      },
      {
        kind: 'FINAL_NOTICE',
        offsetDays: finalNoticeDay,
        channel: 'LETTER',
        templateKey: 'final_notice',
        responsibleRole: 'collections_agent',
      },
    ],
    limits: {
      maxAttemptsIn7Days: 5,
      maxCallsIn7Days: 2,
      quietDaysAfterConversation: 7,
      windowStart: '09:00',
      windowEnd: '20:00',
    },
    senderName: 'Harbour & Finch accounts',
  });

  it('starts from the default, which a partner replaces with a new version', async () => {
    const policyFirm = randomUUID();
    const agent = await harness.as(policyFirm, ['collections_agent']);
    const initial = await agent.request<{ collectionPolicy: { version: number; limits: unknown } }>(
      POLICY,
    );
    expect(initial.data!.collectionPolicy).toMatchObject({
      version: 1,
      limits: { maxAttemptsIn7Days: 7, windowStart: '08:00', windowEnd: '21:00' },
      feeArbitrationRegions: ['US-CA'],
    });
    const refused = await agent.request(PUBLISH, { input: input(30), key: 'p-1' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const partner = await harness.as(policyFirm, ['partner']);
    const published = await partner.request(PUBLISH, { input: input(30), key: 'p-1' });
    expect(published.errors).toBeUndefined();
    expect(published.data).toEqual({
      publishCollectionPolicy: {
        version: 2,
        ladder: [
          { kind: 'FRIENDLY_REMINDER', offsetDays: 1 },
          { kind: 'FINAL_NOTICE', offsetDays: 30 },
        ],
      },
    });
    const bad = await partner.request(PUBLISH, { input: input(1), key: 'p-2' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.fields).toHaveProperty(['policy.ladder[1].offsetDays']);
  });
});
