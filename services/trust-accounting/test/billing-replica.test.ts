import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, serviceTopicFor } from '@lexfin/contracts';
import { startMessageCollector } from '@lexfin/testing';
import type { EventData } from '../src/consumers/handler';
import { billingMatterEvents, startTrustHarness, type TrustHarness } from './harness';
import { deposit, openAccount } from './operations';

let harness: TrustHarness;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness({ replica: true, relay: true });
});

afterAll(() => harness.close());

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it("keeps a replica of billing's clients and matters from Kafka, once per event", async () => {
  const { matter, events } = billingMatterEvents(firmId, { evergreenMinimum: '250.00' });
  await harness.publish([...events, events[1]!]);
  await harness.publish([
    createEvent(billingEvents.matterClosed, {
      firmId,
      subject: matter.matterId,
      correlationId: randomUUID(),
      data: { ...matter, closedOn: '2026-06-30' },
    }),
  ]);
  const owner = harness.database.owner.db;
  const stored = await waitFor(() =>
    owner
      .selectFrom('matters')
      .selectAll()
      .where('matter_id', '=', matter.matterId)
      .where('closed_on', 'is not', null)
      .executeTakeFirst(),
  );
  expect(stored).toMatchObject({ client_id: matter.clientId, evergreen_minimum_minor: 25_000n });
  const inbox = await owner
    .selectFrom('inbox')
    .select('event_id')
    .where('firm_id', '=', firmId)
    .execute();
  expect(inbox).toHaveLength(3);
});

it('still reads matter.opened.v1 already on the topic, and follows matter.updated.v1', async () => {
  const { matter, events } = billingMatterEvents(firmId);
  const opened = events[1]!.data as EventData<typeof billingEvents.matterOpenedV2>;
  const { responsiblePartnerId, originatingTimekeeperId, practiceAreaId, practiceArea, ...v1 } =
    opened;
  const correlationId = randomUUID();
  await harness.publish([
    events[0]!,
    createEvent(billingEvents.matterOpened, {
      firmId,
      subject: matter.matterId,
      correlationId,
      data: v1,
    }),
    createEvent(billingEvents.matterUpdated, {
      firmId,
      subject: matter.matterId,
      correlationId,
      data: {
        ...v1,
        description: 'Estate of A. Client, probate',
        evergreenRetainerMinimum: { amount: '400.00', currency: 'USD' },
        responsiblePartnerId,
        originatingTimekeeperId,
        practiceAreaId,
        practiceArea,
      },
    }),
  ]);
  const stored = await waitFor(() =>
    harness.database.owner.db
      .selectFrom('matters')
      .selectAll()
      .where('matter_id', '=', matter.matterId)
      .where('evergreen_minimum_minor', '=', 40_000n)
      .executeTakeFirst(),
  );
  expect(stored).toMatchObject({ description: 'Estate of A. Client, probate', closed_on: null });
});

it('publishes its events on the trust topic through the outbox', async () => {
  const collector = await startMessageCollector(
    harness.messaging,
    [serviceTopicFor('trust')],
    (message) => message.key?.startsWith(firmId) ?? false,
  );
  await harness.startRelay();
  const accountant = await harness.as(firmId, ['trust_accountant']);
  const trustAccountId = await openAccount(accountant);
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  await deposit(accountant, trustAccountId, matter, '75.00');
  const messages = await collector.waitFor(2);
  await collector.stop();
  expect(messages.map((message) => message.headers.ce_type)).toEqual([
    'lexfin.trust.account.opened.v1',
    'lexfin.trust.deposit.recorded.v1',
  ]);
  expect(messages[1]!.key).toBe(`${firmId}:${matter.clientId}`);
});
