import { randomUUID } from 'node:crypto';
import { DestinationVetter } from '../src/outbound/destinations';
import { AddressPolicy } from '../src/domain/address-policy';
import { startWebhooksHarness, type WebhooksHarness } from './harness';
import { createEndpoint, dataOf, deliveriesOf, sendTest, updateEndpoint } from './operations';
import { startReceiver, type Receiver } from './receiver';
import { waitUntil } from '@lexfin/testing';

// What test host names resolve to; the real resolver is not asked.
const dns = new Map<string, string>();
let harness: WebhooksHarness;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // No private address is allowed; one test host name is (an on-premises receiver).
  harness = await startWebhooksHarness({
    allowedHosts: ['on-premises.example'],
    resolve: async (host) => {
      const address = dns.get(host);
      if (address === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    },
  });
});

afterAll(async () => {
  await harness.close();
  await receiver.close();
});

it('refuses URLs that point at private, loopback or link-local addresses', async () => {
  const admin = await harness.as(randomUUID(), ['firm_admin']);
  dns.set('localhost', '127.0.0.1');
  dns.set('metadata.internal', '169.254.169.254');
  for (const url of [
    'http://10.0.0.1/hooks',
    'http://localhost:8080/hooks',
    'https://[::1]/hooks',
    'http://metadata.internal/latest',
    'http://nowhere.invalid/',
    'ftp://example.com/',
  ]) {
    const refused = await createEndpoint(admin, url);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { url: expect.any(String) },
    });
  }
  const unknownType = await createEndpoint(admin, 'https://hooks.example.com/', ['lexfin.nope.v1']);
  expect(unknownType.errors?.[0]?.extensions?.fields).toEqual({
    'eventTypes.0': 'is not a Lexfin event type',
  });
});

it('refuses localhost with the real resolver too', async () => {
  const vetter = new DestinationVetter(new AddressPolicy([]));
  await expect(vetter.vet(new URL('http://localhost:9/'))).rejects.toThrow(/loopback/);
  const allowed = new DestinationVetter(new AddressPolicy(['localhost']));
  await expect(allowed.vet(new URL('http://localhost:9/'))).resolves.toMatchObject({
    address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
  });
});

it('checks the address again at delivery time and connects to the address it checked', async () => {
  const admin = await harness.as(randomUUID(), ['firm_admin']);
  // A public address at creation; the name is re-pointed at the receiver before delivery.
  dns.set('rebind.example', '203.0.113.10');
  const created = dataOf(
    await createEndpoint(admin, `http://rebind.example:${receiver.port}/hooks`),
  ).createWebhookEndpoint;
  dns.set('rebind.example', '127.0.0.1');
  const test = dataOf(await sendTest(admin, created.endpoint.id)).sendTestWebhook;
  await waitUntil(async () => {
    const [delivery] = dataOf(await deliveriesOf(admin, created.endpoint.id)).webhookDeliveries;
    return delivery !== undefined && delivery.attempts > 0;
  });
  const [delivery] = dataOf(await deliveriesOf(admin, created.endpoint.id)).webhookDeliveries;
  expect(delivery!.id).toBe(test.id);
  expect(delivery!.attemptLog[0]).toMatchObject({
    responseCode: null,
    error: 'refused: rebind.example resolves to a loopback address (127.0.0.1)',
  });
  expect(receiver.received).toHaveLength(0);
  const changed = await updateEndpoint(admin, created.endpoint.id, {
    url: 'http://rebind.example/other',
  });
  expect(changed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('connects to the vetted address, not to what the system resolver might say', async () => {
  const admin = await harness.as(randomUUID(), ['firm_admin']);
  // Only the service's resolver knows this name: the request can reach the receiver only
  // through the address that was vetted.
  dns.set('on-premises.example', '127.0.0.1');
  const url = `http://on-premises.example:${receiver.port}/hooks`;
  const created = dataOf(await createEndpoint(admin, url)).createWebhookEndpoint;
  dataOf(await sendTest(admin, created.endpoint.id));
  await waitUntil(() => receiver.received.length === 1);
  expect(receiver.received[0]!.headers.host).toBe(`on-premises.example:${receiver.port}`);
});
