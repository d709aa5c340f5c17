import { randomUUID } from 'node:crypto';
import { serviceTopicFor } from '@lexfin/contracts';
import { deadLetterHeaders } from '@lexfin/messaging';
import { startMessageCollector, waitUntil } from '@lexfin/testing';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startCollectionsHarness({ consumers: true });
});

afterAll(() => harness.close());

const history = (invoiceId: string) =>
  harness.database.owner.db
    .selectFrom('open_amount_history')
    .select(['valid_from', 'valid_to', 'open_minor'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('valid_from')
    .execute();

it("keeps each invoice's open amount as a dated history from billing's events, once per event", async () => {
  const facts = new BillingFacts(firmId);
  const invoice = facts.invoice('1000.00', '2026-01-10', '2026-02-09');
  const paymentId = randomUUID();
  const payment = facts.payment(invoice.invoiceId, '400.00', '2026-02-20', paymentId);
  await harness.publish([
    facts.firmSettings(),
    facts.client(),
    facts.matter(),
    invoice.event,
    payment,
    payment, // redelivered: no second effect
    facts.creditNote(invoice.invoiceId, '100.00', '500.00', '2026-03-01'),
    // a bounce reported late, back-dated before the credit note
    facts.paymentReversed(invoice.invoiceId, '400.00', '2026-02-25', paymentId),
  ]);
  await waitUntil(async () => (await history(invoice.invoiceId)).length === 4, 30_000);
  expect(await history(invoice.invoiceId)).toEqual([
    { valid_from: '2026-01-10', valid_to: '2026-02-20', open_minor: 100_000n },
    { valid_from: '2026-02-20', valid_to: '2026-02-25', open_minor: 60_000n },
    { valid_from: '2026-02-25', valid_to: '2026-03-01', open_minor: 100_000n },
    { valid_from: '2026-03-01', valid_to: 'infinity', open_minor: 90_000n },
  ]);
  const stored = await harness.database.owner.db
    .selectFrom('invoices')
    .select('open_minor')
    .where('invoice_id', '=', invoice.invoiceId)
    .executeTakeFirstOrThrow();
  expect(stored.open_minor).toBe(90_000n);
  // seven events, one of them twice; the firm's settings travel on another partition (keyed by
  // the firm), so they may land after the client's
  const inbox = () =>
    harness.database.owner.db
      .selectFrom('inbox')
      .select('event_id')
      .where('firm_id', '=', firmId)
      .execute();
  await waitUntil(async () => (await inbox()).length >= 7, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await inbox()).toHaveLength(7);
  // billing said 500.00 was open after the credit note, when the bounce had not reached us yet
  const stated = await harness.database.owner.db
    .selectFrom('stated_open_amounts')
    .select(['stated_open_minor', 'replica_open_minor'])
    .where('invoice_id', '=', invoice.invoiceId)
    .execute();
  expect(stated).toEqual([{ stated_open_minor: 50_000n, replica_open_minor: 50_000n }]);
});

it('keeps contact details, owners and the credit grade a ladder and aging need', async () => {
  const facts = new BillingFacts(firmId, { region: 'US-CA', email: 'avery@client.test' });
  await harness.publish([facts.client(), facts.matter(), facts.grade('D', '2026-01-03')]);
  await waitUntil(async () => {
    const grade = await harness.database.owner.db
      .selectFrom('credit_grades')
      .select('grade')
      .where('client_id', '=', facts.clientId)
      .executeTakeFirst();
    const matter = await harness.database.owner.db
      .selectFrom('matters')
      .select('matter_id')
      .where('matter_id', '=', facts.matterId)
      .executeTakeFirst();
    // the grade comes on credit-assessment's topic, in no order with billing's
    return grade?.grade === 'D' && matter !== undefined;
  }, 30_000);
  const client = await harness.database.owner.db
    .selectFrom('clients')
    .selectAll()
    .where('client_id', '=', facts.clientId)
    .executeTakeFirstOrThrow();
  expect(client).toMatchObject({
    region: 'US-CA',
    billing_email: 'avery@client.test',
    consent_email: true,
    consent_sms: false,
    do_not_contact: false,
  });
  const matter = await harness.database.owner.db
    .selectFrom('matters')
    .selectAll()
    .where('matter_id', '=', facts.matterId)
    .executeTakeFirstOrThrow();
  expect(matter).toMatchObject({
    responsible_partner_id: facts.partnerId,
    practice_area: 'Estates',
  });
});

it('dead-letters an event it cannot read, with the reason, and goes on', async () => {
  const group = harness.consumerGroup;
  const deadLetters = await startMessageCollector(harness.messaging, [`lexfin.dlq.${group}`]);
  const facts = new BillingFacts(firmId);
  const broken = { ...facts.client(), data: { clientId: facts.clientId } };
  const key = `${firmId}:${facts.clientId}`;
  await harness.publishRaw(serviceTopicFor('billing'), key, JSON.stringify(broken));
  await harness.publish([facts.matter()]);
  const [deadLetter] = await deadLetters.waitFor(1);
  await deadLetters.stop();
  expect(deadLetter!.headers[deadLetterHeaders.originalTopic]).toBe(serviceTopicFor('billing'));
  expect(deadLetter!.headers[deadLetterHeaders.reason]).toMatch(/displayName/);
  await waitUntil(async () => {
    const matter = await harness.database.owner.db
      .selectFrom('matters')
      .select('matter_id')
      .where('matter_id', '=', facts.matterId)
      .executeTakeFirst();
    return matter !== undefined;
  }, 30_000);
});
