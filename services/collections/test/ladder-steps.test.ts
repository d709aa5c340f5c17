import { randomUUID } from 'node:crypto';
import { startSmtpServer, type TestSmtpServer } from '@lexfin/testing';
import { advanceClient, runDueSteps } from '../src/app/cases/ladder-step';
import { addDays } from '../src/domain/calendar';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
let smtp: TestSmtpServer;
const bouncing = 'gone@client.test';

beforeAll(async () => {
  smtp = await startSmtpServer({ rejectRecipients: [bouncing] });
  harness = await startCollectionsHarness({ smtpUrl: smtp.url, start: '2026-01-05T15:00:00Z' });
});

afterAll(async () => {
  await harness.close();
  await smtp.close();
});

const at = (date: string, hourUtc = 18) =>
  new Date(`${date}T${String(hourUtc).padStart(2, '0')}:00:00Z`);

async function stagesOf(invoiceId: string) {
  const rows = await harness.database.owner.db
    .selectFrom('ladder_steps')
    .select(['stage_kind', 'at'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('at')
    .execute();
  return rows.map((row) => `${row.at.toISOString().slice(0, 10)} ${row.stage_kind}`);
}

it('sends one email when two workers take the same due step', async () => {
  const firmId = randomUUID();
  const email = `race-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice('250.00', '2026-01-01', '2026-01-31');
  harness.clock.set(at('2026-02-01'));
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);
  // two sweeps at once lease the client to one of them; two workers on the very same step (a
  // lease run out under a slow worker) race for the claim, and one of them wins
  const sweeps = await Promise.all([runDueSteps(harness.deps), runDueSteps(harness.deps)]);
  expect(sweeps.reduce((sum, counts) => sum + counts.SENT, 0)).toBe(1);
  await harness.database.owner.db
    .deleteFrom('ladder_steps')
    .where('firm_id', '=', firmId)
    .execute();
  await harness.database.owner.db.deleteFrom('contact_log').where('firm_id', '=', firmId).execute();
  harness.clock.set(at('2026-02-02'));
  const racing = await Promise.all([
    advanceClient(harness.deps, firmId, facts.clientId, 'worker-1'),
    advanceClient(harness.deps, firmId, facts.clientId, 'worker-2'),
  ]);
  // the loser waits for the client's lock, re-derives the state and finds the step taken
  expect(racing.filter((result) => result === 'SENT')).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.received().filter((mail) => mail.to.includes(email))).toHaveLength(2);
  expect(await stagesOf(invoice.invoiceId)).toEqual(['2026-02-02 FRIENDLY_REMINDER']);
});

it('logs a refused address BOUNCED and sends the next step by letter', async () => {
  const firmId = randomUUID();
  const facts = new BillingFacts(firmId, { email: bouncing });
  const invoice = facts.invoice('250.00', '2026-01-01', '2026-01-31');
  harness.clock.set(at('2026-02-01'));
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);
  await harness.sweep();
  harness.clock.set(at('2026-02-02'));
  await harness.sweep();
  const log = await harness.database.owner.db
    .selectFrom('contact_log')
    .select(['channel', 'outcome'])
    .where('firm_id', '=', firmId)
    .orderBy('at')
    .execute();
  expect(log).toEqual([
    { channel: 'EMAIL', outcome: 'BOUNCED' },
    { channel: 'LETTER', outcome: 'SENT' },
  ]);
  expect(await stagesOf(invoice.invoiceId)).toEqual(['2026-02-02 FRIENDLY_REMINDER']);
});

it('closes the case when a payment settles it, and sends nothing more', async () => {
  const firmId = randomUUID();
  const email = `settled-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice('250.00', '2026-01-01', '2026-01-31');
  harness.clock.set(at('2026-02-01'));
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);
  await harness.sweep();
  const opened = await harness.database.owner.db
    .selectFrom('collection_cases')
    .select(['id', 'status'])
    .where('firm_id', '=', firmId)
    .executeTakeFirstOrThrow();
  expect(opened.status).toBe('OPEN');
  await harness.seed(firmId, [facts.payment(invoice.invoiceId, '250.00', '2026-02-03')]);
  harness.clock.set(at('2026-02-03'));
  await harness.sweep();
  for (let day = 1; day <= 40; day += 1) {
    harness.clock.set(at(addDays('2026-02-03', day)));
    await harness.sweep();
  }
  const closed = await harness.database.owner.db
    .selectFrom('collection_cases')
    .select('status')
    .where('id', '=', opened.id)
    .executeTakeFirstOrThrow();
  expect(closed.status).toBe('CLOSED');
  expect(await stagesOf(invoice.invoiceId)).toEqual(['2026-02-01 FRIENDLY_REMINDER']);
  const types = await harness.database.owner.db
    .selectFrom('outbox')
    .select('event_type')
    .where('firm_id', '=', firmId)
    .orderBy('id')
    .execute();
  expect(types.map((row) => row.event_type)).toEqual([
    'lexfin.collections.case.opened.v1',
    'lexfin.collections.contact.made.v1',
    'lexfin.collections.stage.reached.v1',
    'lexfin.collections.case.closed.v1',
  ]);
});

it('holds the agency hand-off of a California client until the 31st day after the notice', async () => {
  const firmId = randomUUID();
  const facts = new BillingFacts(firmId, {
    email: `ca-${firmId.slice(0, 8)}@client.test`,
    region: 'US-CA',
    timeZone: 'America/Los_Angeles',
  });
  const invoice = facts.invoice('900.00', '2026-01-01', '2026-01-31');
  harness.clock.set(at('2026-01-31'));
  await harness.seed(firmId, [
    facts.client(),
    facts.matter(),
    invoice.event,
    facts.grade('D', '2026-01-01'),
  ]);
  // grade D: final notice at day 45, fee-arbitration notice at day 50, agency at day 90; the sweep
  // misses days 40-85, so the notice goes late, on day 87
  for (let day = 0; day <= 130; day += 1) {
    if (day >= 40 && day <= 85) continue;
    harness.clock.set(at(addDays('2026-01-31', day)));
    await harness.sweep();
  }
  const stages = await stagesOf(invoice.invoiceId);
  expect(stages.slice(-3)).toEqual([
    '2026-04-27 FINAL_NOTICE',
    '2026-04-28 FEE_ARBITRATION_NOTICE',
    // posted 28 April, delivered 3 May (the default policy's 5 mail days): the client's 30 days
    // run to 2 June; day 90 (30 April) waits until the 31st day, 3 June
    '2026-06-03 AGENCY_HANDOFF',
  ]);
});

it('takes a firm’s due clients in one batch, each as it would alone', async () => {
  const firmId = randomUUID();
  const email = `batch-${firmId.slice(0, 8)}@client.test`;
  const due = new BillingFacts(firmId, { email });
  const refused = new BillingFacts(firmId, { email: bouncing });
  const later = new BillingFacts(firmId, { email: `later-${firmId.slice(0, 8)}@client.test` });
  const dueInvoice = due.invoice('250.00', '2026-01-01', '2026-01-31');
  const refusedInvoice = refused.invoice('120.00', '2026-01-01', '2026-01-31');
  const laterInvoice = later.invoice('80.00', '2026-01-20', '2026-04-30');
  harness.clock.set(at('2026-02-01'));
  await harness.seed(firmId, [
    ...[due, refused, later].flatMap((facts) => [facts.client(), facts.matter()]),
    dueInvoice.event,
    refusedInvoice.event,
    laterInvoice.event,
  ]);
  await harness.sweep();
  const db = harness.database.owner.db;
  const log = await db
    .selectFrom('contact_log')
    .select(['client_id', 'channel', 'outcome'])
    .where('firm_id', '=', firmId)
    .orderBy('at')
    .execute();
  expect(log).toEqual(
    expect.arrayContaining([
      { client_id: due.clientId, channel: 'EMAIL', outcome: 'SENT' },
      { client_id: refused.clientId, channel: 'EMAIL', outcome: 'BOUNCED' },
    ]),
  );
  expect(log).toHaveLength(2);
  expect(smtp.received().filter((mail) => mail.to.includes(email))).toHaveLength(1);
  expect(await stagesOf(dueInvoice.invoiceId)).toEqual(['2026-02-01 FRIENDLY_REMINDER']);
  expect(await stagesOf(refusedInvoice.invoiceId)).toEqual([]);
  expect(await stagesOf(laterInvoice.invoiceId)).toEqual([]);
  const cases = await db
    .selectFrom('collection_cases')
    .select(['client_id', 'status'])
    .where('firm_id', '=', firmId)
    .execute();
  expect(cases).toEqual(
    expect.arrayContaining([
      { client_id: due.clientId, status: 'OPEN' },
      { client_id: refused.clientId, status: 'OPEN' },
    ]),
  );
  expect(cases).toHaveLength(2);
  const agenda = await db
    .selectFrom('collection_agenda')
    .select(['client_id', 'due_at'])
    .where('firm_id', '=', firmId)
    .execute();
  expect(agenda.map((row) => row.client_id).sort()).toEqual(
    [due.clientId, refused.clientId, later.clientId].sort(),
  );
  expect(agenda.every((row) => row.due_at > at('2026-02-01'))).toBe(true);

  // The stage the bounce gave back goes by letter the next day, beside the batch's other clients.
  harness.clock.set(at('2026-02-02'));
  await harness.sweep();
  expect(await stagesOf(refusedInvoice.invoiceId)).toEqual(['2026-02-02 FRIENDLY_REMINDER']);
  expect(await stagesOf(dueInvoice.invoiceId)).toEqual(['2026-02-01 FRIENDLY_REMINDER']);
});
