import { randomUUID } from 'node:crypto';
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { OutgoingMessage, Publisher } from '@lexfin/messaging';
import { startMessageCollector, waitUntil } from '@lexfin/testing';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

// One publish of one key is one record batch on one partition, which the consumer fetches and
// hands to the replica's batch handler at once.
let harness: CollectionsHarness;
let publisher: Publisher;

beforeAll(async () => {
  harness = await startCollectionsHarness({ consumers: true });
  publisher = await harness.messaging.connectPublisher();
});

afterAll(async () => {
  await publisher.disconnect();
  await harness.close();
});

const db = () => harness.database.owner.db;

/** The messages of one record batch: every one under the first message's key (one partition). */
function oneBatch(messages: OutgoingMessage[]): OutgoingMessage[] {
  return messages.map((message) => ({ ...message, key: messages[0]!.key }));
}

const inboxOf = (firmId: string) =>
  db()
    .selectFrom('inbox')
    .select(['event_id', 'processed_at'])
    .where('firm_id', '=', firmId)
    .execute();

const agendaOf = (firmId: string) =>
  db()
    .selectFrom('collection_agenda')
    .select(['client_id', 'due_at'])
    .where('firm_id', '=', firmId)
    .execute();

const openOf = async (invoiceId: string) =>
  (
    await db()
      .selectFrom('invoices')
      .select('open_minor')
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst()
  )?.open_minor;

it("applies a client's events fetched together in one transaction, a repeat among them once", async () => {
  const firmId = randomUUID();
  const facts = new BillingFacts(firmId);
  const invoice = facts.invoice('1000.00', '2026-01-10', '2026-02-09');
  const payment = facts.payment(invoice.invoiceId, '400.00', '2026-02-20');
  const events: EventEnvelope<unknown>[] = [
    facts.client(),
    facts.matter(),
    invoice.event,
    payment,
    payment, // the same event twice in one fetch
    facts.creditNote(invoice.invoiceId, '100.00', '500.00', '2026-03-01'),
  ];
  await publisher.publish(events.map(encodeEvent));

  await waitUntil(async () => (await inboxOf(firmId)).length === 5, 30_000);
  expect(await openOf(invoice.invoiceId)).toBe(50_000n);
  const movements = await db()
    .selectFrom('invoice_movements')
    .select('kind')
    .where('invoice_id', '=', invoice.invoiceId)
    .orderBy('kind')
    .execute();
  expect(movements.map((row) => row.kind)).toEqual(['CREDIT_NOTE', 'ISSUED', 'PAYMENT']);
  // processed_at is the transaction's start: one instant for the whole fetch
  const instants = new Set((await inboxOf(firmId)).map((row) => row.processed_at.getTime()));
  expect(instants.size).toBe(1);
  // four of the events put the client on the agenda: one row
  expect(await agendaOf(firmId)).toEqual([
    { client_id: facts.clientId, due_at: harness.clock.now() },
  ]);

  // the whole fetch again (a redelivery): nothing changes
  await publisher.publish(events.map(encodeEvent));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await inboxOf(firmId)).toHaveLength(5);
  expect(await openOf(invoice.invoiceId)).toBe(50_000n);
});

it('dead-letters the poison message of a fetch alone and applies the rest in order', async () => {
  const firmId = randomUUID();
  const facts = new BillingFacts(firmId);
  const deadLetters = await startMessageCollector(harness.messaging, [
    `lexfin.dlq.${harness.consumerGroup}`,
  ]);
  const invoice = facts.invoice('800.00', '2026-01-10', '2026-02-09');
  const broken = { ...facts.client(), data: { clientId: facts.clientId } };
  await publisher.publish(
    oneBatch([
      encodeEvent(facts.client()),
      encodeEvent(facts.matter()),
      { ...encodeEvent(invoice.event), value: JSON.stringify(broken) },
      encodeEvent(invoice.event),
      encodeEvent(facts.payment(invoice.invoiceId, '300.00', '2026-02-01')),
    ]),
  );

  // the dead letters of this firm's events: the broken one alone
  const deadOfFirm = () =>
    deadLetters.messages
      .map((message) => JSON.parse(message.value!.toString()) as { id: string; firmid: string })
      .filter((event) => event.firmid === firmId)
      .map((event) => event.id);
  await waitUntil(async () => deadOfFirm().length > 0, 30_000);
  await waitUntil(async () => (await inboxOf(firmId)).length === 4, 30_000);
  expect(await openOf(invoice.invoiceId)).toBe(50_000n);
  expect(await agendaOf(firmId)).toHaveLength(1);
  await deadLetters.stop();
  expect(deadOfFirm()).toEqual([broken.id]);
});

it("applies two firms' events of one fetch each in its own firm's transaction", async () => {
  const first = new BillingFacts(randomUUID());
  const second = new BillingFacts(randomUUID());
  const firstInvoice = first.invoice('100.00', '2026-01-10', '2026-02-09');
  const secondInvoice = second.invoice('200.00', '2026-01-10', '2026-02-09');
  await publisher.publish(
    oneBatch(
      [
        first.client(),
        second.client(),
        first.matter(),
        second.matter(),
        firstInvoice.event,
        secondInvoice.event,
      ].map(encodeEvent),
    ),
  );

  await waitUntil(
    async () =>
      (await inboxOf(first.firmId)).length === 3 && (await inboxOf(second.firmId)).length === 3,
    30_000,
  );
  expect(await openOf(firstInvoice.invoiceId)).toBe(10_000n);
  expect(await openOf(secondInvoice.invoiceId)).toBe(20_000n);
  // each firm's rows carry its own firm id (the firm's transaction wrote them under its RLS)
  const invoices = await db()
    .selectFrom('invoices')
    .select(['firm_id', 'invoice_id'])
    .where('invoice_id', 'in', [firstInvoice.invoiceId, secondInvoice.invoiceId])
    .orderBy('total_minor')
    .execute();
  expect(invoices).toEqual([
    { firm_id: first.firmId, invoice_id: firstInvoice.invoiceId },
    { firm_id: second.firmId, invoice_id: secondInvoice.invoiceId },
  ]);
  expect(await agendaOf(first.firmId)).toEqual([
    { client_id: first.clientId, due_at: harness.clock.now() },
  ]);
  expect(await agendaOf(second.firmId)).toEqual([
    { client_id: second.clientId, due_at: harness.clock.now() },
  ]);
  const instants = new Set(
    [...(await inboxOf(first.firmId)), ...(await inboxOf(second.firmId))].map((row) =>
      row.processed_at.getTime(),
    ),
  );
  expect(instants.size).toBe(2);
});
