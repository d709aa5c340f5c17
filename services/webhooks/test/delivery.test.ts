import { randomUUID } from 'node:crypto';
import { encodeEvent } from '@lexfin/contracts';
import { waitUntil } from '@lexfin/testing';
import { verifyWebhook } from '@lexfin/webhook-verify';
import { startWebhooksHarness, type WebhooksHarness } from './harness';
import {
  createEndpoint,
  dataOf,
  deliveriesOf,
  depositRecorded,
  disableEndpoint,
  replay,
  rotateSecret,
  sendTest,
  updateEndpoint,
  type DeliveryView,
} from './operations';
import { startReceiver, type ReceivedWebhook, type Receiver } from './receiver';

let harness: WebhooksHarness;
let receiver: Receiver;

beforeAll(async () => {
  harness = await startWebhooksHarness();
});

afterAll(() => harness.close());

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(() => receiver.close());

async function adminOfNewFirm() {
  const firmId = randomUUID();
  return { firmId, admin: await harness.as(firmId, ['firm_admin']) };
}

async function settledDeliveries(
  client: Awaited<ReturnType<typeof harness.as>>,
  endpointId: string,
  count = 1,
): Promise<DeliveryView[]> {
  let deliveries: DeliveryView[] = [];
  await waitUntil(async () => {
    deliveries = dataOf(await deliveriesOf(client, endpointId)).webhookDeliveries;
    return deliveries.length >= count && deliveries.every((d) => d.status !== 'PENDING');
  }, 20_000);
  return deliveries;
}

function verify(secret: string, webhook: ReceivedWebhook) {
  return verifyWebhook<{ id: string }>({ secret, headers: webhook.headers, body: webhook.body });
}

it('delivers a Kafka event signed, retries a failing receiver, and sends the same event again', async () => {
  const { firmId, admin } = await adminOfNewFirm();
  const created = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
  receiver.answerWith(500, 503, 200);

  const event = depositRecorded(firmId);
  // The same Kafka message twice (a redelivery): still one delivery.
  await harness.publish([event, event]);
  const [delivery] = await settledDeliveries(admin, created.endpoint.id);

  expect(receiver.received).toHaveLength(3);
  const first = receiver.received[0]!;
  expect(first.body).toBe(encodeEvent(event).value);
  for (const webhook of receiver.received) {
    expect(webhook.headers['webhook-id']).toBe(event.id);
    expect(webhook.body).toBe(first.body);
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(verify(created.secret, webhook)).toMatchObject({ id: event.id, firmid: firmId });
  }
  expect(delivery).toMatchObject({
    eventId: event.id,
    eventType: event.type,
    status: 'SUCCEEDED',
    attempts: 3,
    responseCode: 200,
    lastError: null,
  });
  expect(delivery!.latencyMs).toEqual(expect.any(Number));
  expect(delivery!.attemptLog.map((attempt) => attempt.responseCode)).toEqual([500, 503, 200]);
  // The receiver's 4.8 KB error page is kept to its first 2 KiB.
  expect(delivery!.attemptLog[0]!.responseBody).toHaveLength(2048);

  const replayed = dataOf(await replay(admin, delivery!.id)).replayWebhookDelivery;
  expect(replayed.status).toBe('PENDING');
  await waitUntil(() => receiver.received.length === 4);
  expect(receiver.received[3]!.headers['webhook-id']).toBe(event.id);
  expect(receiver.received[3]!.body).toBe(first.body);
  const [afterReplay] = await settledDeliveries(admin, created.endpoint.id);
  expect(afterReplay).toMatchObject({ id: delivery!.id, status: 'SUCCEEDED', attempts: 4 });
});

it('sends events only to enabled endpoints of the firm subscribed to their type', async () => {
  const { firmId, admin } = await adminOfNewFirm();
  const other = await adminOfNewFirm();
  const subscribed = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  const elsewhere = dataOf(
    await createEndpoint(admin, receiver.url, ['lexfin.billing.invoice.issued.v1']),
  ).createWebhookEndpoint;
  const otherFirms = dataOf(await createEndpoint(other.admin, receiver.url)).createWebhookEndpoint;
  const event = depositRecorded(firmId);
  await harness.publish([event]);
  await settledDeliveries(admin, subscribed.endpoint.id);
  expect(receiver.received.map((webhook) => webhook.headers['webhook-id'])).toEqual([event.id]);
  expect(dataOf(await deliveriesOf(admin, elsewhere.endpoint.id)).webhookDeliveries).toEqual([]);
  expect(dataOf(await deliveriesOf(other.admin, otherFirms.endpoint.id)).webhookDeliveries).toEqual(
    [],
  );
  // Another firm's endpoint id is simply not found; other roles may not look.
  const foreign = await deliveriesOf(other.admin, subscribed.endpoint.id);
  expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const clerk = await harness.as(firmId, ['billing_clerk']);
  const forbidden = await deliveriesOf(clerk, subscribed.endpoint.id);
  expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const ops = await harness.as(firmId, ['ops']);
  expect(dataOf(await deliveriesOf(ops, subscribed.endpoint.id)).webhookDeliveries).toHaveLength(1);
});

it('disables an endpoint whose receiver answers 410 and tells the firm', async () => {
  const { admin } = await adminOfNewFirm();
  const created = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  receiver.answerWith(410);
  const test = dataOf(await sendTest(admin, created.endpoint.id)).sendTestWebhook;
  expect(test.eventType).toBe('lexfin.webhooks.endpoint.tested.v1');
  const [delivery] = await settledDeliveries(admin, created.endpoint.id);
  expect(delivery).toMatchObject({ status: 'FAILED', attempts: 1, responseCode: 410 });
  const endpoint = await harness.database.owner.db
    .selectFrom('webhook_endpoints')
    .select(['status', 'disabled_reason'])
    .where('id', '=', created.endpoint.id)
    .executeTakeFirstOrThrow();
  expect(endpoint).toEqual({ status: 'DISABLED', disabled_reason: 'RECEIVER_GONE' });
  const told = await harness.database.owner.db
    .selectFrom('outbox')
    .select('payload')
    .where('event_type', '=', 'lexfin.webhooks.endpoint.disabled.v1')
    .execute();
  expect(told.map((row) => JSON.parse(row.payload).data)).toEqual([
    expect.objectContaining({ endpointId: created.endpoint.id, reason: 'RECEIVER_GONE' }),
  ]);
  const refused = await sendTest(admin, created.endpoint.id);
  expect(refused.errors?.[0]?.extensions?.code).toBe('WEBHOOK_ENDPOINT_DISABLED');

  receiver.answerWith(200);
  const enabled = dataOf(await updateEndpoint(admin, created.endpoint.id, { enable: true }));
  expect(enabled.updateWebhookEndpoint).toMatchObject({ status: 'ENABLED', disabledReason: null });
  dataOf(await sendTest(admin, created.endpoint.id));
  await waitUntil(() => receiver.received.length === 2);
});

it('disables an endpoint that has been failing for 5 days', async () => {
  const { admin } = await adminOfNewFirm();
  const created = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3600 * 1000);
  await harness.database.owner.db
    .updateTable('webhook_endpoints')
    .set({ failing_since: sixDaysAgo })
    .where('id', '=', created.endpoint.id)
    .execute();
  receiver.answerWith(500);
  dataOf(await sendTest(admin, created.endpoint.id));
  const [delivery] = await settledDeliveries(admin, created.endpoint.id);
  expect(delivery).toMatchObject({ status: 'FAILED', attempts: 1 });
  const endpoint = dataOf(await disableEndpoint(admin, created.endpoint.id));
  expect(endpoint.disableWebhookEndpoint).toMatchObject({
    status: 'DISABLED',
    disabledReason: 'FAILING_TOO_LONG',
    failingSince: sixDaysAgo.toISOString(),
  });
});

it('gives up after the last attempt of the schedule', async () => {
  const { admin } = await adminOfNewFirm();
  const created = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  receiver.answerWith(500);
  dataOf(await sendTest(admin, created.endpoint.id));
  const [delivery] = await settledDeliveries(admin, created.endpoint.id);
  expect(delivery).toMatchObject({ status: 'FAILED', attempts: 8, responseCode: 500 });
  expect(receiver.received).toHaveLength(8);
  const endpoint = dataOf(await updateEndpoint(admin, created.endpoint.id, {}));
  expect(endpoint.updateWebhookEndpoint).toMatchObject({ status: 'ENABLED' });
  expect(endpoint.updateWebhookEndpoint.failingSince).not.toBeNull();
});

it('signs with the old and the new secret for a day after a rotation', async () => {
  const { admin } = await adminOfNewFirm();
  const created = dataOf(await createEndpoint(admin, receiver.url)).createWebhookEndpoint;
  const rotated = dataOf(await rotateSecret(admin, created.endpoint.id)).rotateWebhookSecret;
  expect(rotated.secret).not.toBe(created.secret);
  const key = randomUUID();
  const test = dataOf(await sendTest(admin, created.endpoint.id, key)).sendTestWebhook;
  // The same key again: the same answer, nothing sent twice.
  expect(dataOf(await sendTest(admin, created.endpoint.id, key)).sendTestWebhook.id).toBe(test.id);
  await settledDeliveries(admin, created.endpoint.id);
  expect(receiver.received).toHaveLength(1);
  const webhook = receiver.received[0]!;
  expect(String(webhook.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(verify(rotated.secret, webhook)).toMatchObject({ id: test.eventId });
  expect(verify(created.secret, webhook)).toMatchObject({ id: test.eventId });
  expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, webhook)).toThrow(
    /No webhook signature matches/,
  );
});
