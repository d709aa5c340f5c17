/**
 * Collections through the gateway: billing's events for firm A (an invoice ten days past due)
 * reach collections over Kafka; the sweep opens a case and a reminder email arrives at the local
 * SMTP server; the front-end sees the case through the gateway, with Invoice.collectionCase
 * federated; a payment closes it. Firm B and a client_portal token see nothing of it.
 */
import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Publisher } from '@lexfin/messaging';
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
import { localDateTime } from '../services/collections/src/domain/calendar';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let smtp: TestSmtpServer;
let publisher: Publisher;

beforeAll(async () => {
  smtp = await startSmtpServer();
  platform = await startPlatform({ env: { COLLECTIONS_SMTP_URL: smtp.url } });
  publisher = await platform.messaging.connectPublisher();
});

afterAll(async () => {
  await publisher?.disconnect();
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

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

it("opens firm A's case from billing's events, emails a reminder, and closes it on payment", async () => {
  const firmA = randomUUID();
  const clientId = randomUUID();
  const matterId = randomUUID();
  const invoiceId = randomUUID();
  const email = `e2e-${firmA.slice(0, 8)}@client.test`;
  const envelope = (subject: string) => ({ firmId: firmA, subject, correlationId: randomUUID() });
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const events: EventEnvelope<unknown>[] = [
    createEvent(billingEvents.clientCreatedV2, {
      ...envelope(clientId),
      data: {
        clientId,
        displayName: 'Harbour & Finch LLP',
        kind: 'ORGANISATION',
        currency: 'USD',
        timeZone: daytimeZone(new Date()),
        billingEmail: email,
        phone: null,
        postalAddress: null,
        preferredContactChannel: 'EMAIL',
        contactConsent: { email: true, sms: false, post: false },
        language: null,
        doNotContact: false,
        doNotContactReason: null,
      },
    }),
    createEvent(billingEvents.matterOpenedV2, {
      ...envelope(matterId),
      data: {
        matterId,
        clientId,
        matterNumber: 'M-100',
        description: 'Lease dispute',
        billingArrangement: 'HOURLY',
        currency: 'USD',
        paymentTermsDays: 30,
        evergreenRetainerMinimum: null,
        openedOn: daysAgo(60),
        responsiblePartnerId: randomUUID(),
        originatingTimekeeperId: null,
        practiceAreaId: randomUUID(),
        practiceArea: 'Litigation',
      },
    }),
    createEvent(billingEvents.invoiceIssuedV2, {
      ...envelope(invoiceId),
      data: {
        invoiceId,
        invoiceNumber: 'INV-100',
        clientId,
        matterId,
        invoiceDate: daysAgo(40),
        dueDate: daysAgo(10),
        paymentTermsDays: 30,
        periodStart: daysAgo(70),
        periodEnd: daysAgo(40),
        total: usd('1200.00'),
        linesSummary: {
          lineCount: 1,
          fees: usd('1200.00'),
          expenses: usd('0.00'),
          tax: usd('0.00'),
          adjustments: usd('0.00'),
        },
        billedTimeEntries: [],
        billedExpenses: [],
      },
    }),
  ];
  await publisher.publish(events.map(encodeEvent));
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

  const view = await staff.request<{
    collectionCases: { id: string; status: string; items: { invoiceNumber: string }[] }[];
  }>('query { collectionCases { id status items { invoiceNumber daysPastDue } } }');
  expect(view.errors).toBeUndefined();
  expect(view.data!.collectionCases).toEqual([
    {
      id: expect.any(String),
      status: 'OPEN',
      items: [{ invoiceNumber: 'INV-100', daysPastDue: 10 }],
    },
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

  const paymentId = randomUUID();
  await publisher.publish([
    encodeEvent(
      createEvent(billingEvents.paymentRecorded, {
        ...envelope(paymentId),
        data: {
          paymentId,
          clientId,
          method: 'ACH',
          amount: usd('1200.00'),
          receivedOn: daysAgo(0),
          allocations: [{ invoiceId, invoiceNumber: 'INV-100', matterId, amount: usd('1200.00') }],
          unappliedAmount: usd('0.00'),
        },
      }),
    ),
  ]);
  await waitUntil(async () => {
    await runDueSteps(collections);
    const cases = await staff.request<{ collectionCases: { status: string }[] }>(
      'query { collectionCases { status } }',
    );
    return cases.data?.collectionCases[0]?.status === 'CLOSED';
  }, 60_000);
});
