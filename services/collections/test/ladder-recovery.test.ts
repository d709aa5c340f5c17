import { createHash, randomUUID } from 'node:crypto';
import { inFirmTransaction } from '@lexfin/persistence';
import { pdfText, startSmtpServer, waitUntil, type TestSmtpServer } from '@lexfin/testing';
import { advanceClient } from '../src/app/cases/ladder-step';
import type { DeliveryOutcome } from '../src/delivery';
import { addDays } from '../src/domain/calendar';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startCollectionsHarness({ smtpUrl: smtp.url, start: '2026-01-05T15:00:00Z' });
});

afterAll(async () => {
  await harness.close();
  await smtp.close();
});

const owner = () => harness.database.owner.db;
const minutes = (base: Date, count: number) => new Date(base.getTime() + count * 60_000);

/**
 * A worker that claims the client's due step and never gets to send it (its process hangs or
 * dies); `wakeUp` lets it report an outcome late, as a worker back from a long pause would.
 */
function lostWorker(facts: BillingFacts) {
  let wakeUp!: (outcome: DeliveryOutcome) => void;
  const done = advanceClient(
    {
      ...harness.deps,
      delivery: {
        send: () => new Promise<DeliveryOutcome>((resolve) => (wakeUp = resolve)),
        close: async () => {},
      },
    },
    facts.firmId,
    facts.clientId,
    'lost-worker',
  );
  return {
    wakeUp: async (outcome: DeliveryOutcome) => {
      wakeUp(outcome);
      await done;
    },
  };
}

it('retries a step whose worker died between claiming and sending, once, under the same Message-ID', async () => {
  const firmId = randomUUID();
  const email = `lost-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice('250.00', '2026-01-01', '2026-01-31');
  const claimedAt = new Date('2026-02-02T18:00:00Z');
  harness.clock.set(claimedAt);
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);

  const lost = lostWorker(facts);
  const claims = () =>
    owner()
      .selectFrom('contact_log')
      .select(['id', 'outcome', 'at'])
      .where('firm_id', '=', firmId)
      .execute();
  await waitUntil(async () => (await claims()).length === 1);
  const [claim] = await claims();
  expect(claim!.outcome).toBe('CLAIMED');

  // Within the lease the claim is taken to be on its way: nothing is sent again.
  harness.clock.set(minutes(claimedAt, 2));
  await harness.sweep();
  expect(smtp.received().filter((mail) => mail.to.includes(email))).toHaveLength(0);

  // Once the lease ran out the sweep sends it, with the claim's id as its Message-ID.
  harness.clock.set(minutes(claimedAt, 6));
  await harness.sweep();
  await waitUntil(() => smtp.received().some((received) => received.to.includes(email)));
  const [mail] = smtp.received().filter((received) => received.to.includes(email));
  expect(mail!.messageId).toBe(`<${claim!.id}@lexfin.invalid>`);
  expect(mail!.subject).toContain('a friendly payment reminder');

  // The lost worker comes back and reports a failure: the step stays sent, nothing is given back.
  await lost.wakeUp({ status: 'FAILED', providerMessageId: null, detail: 'timed out' });
  harness.clock.set(minutes(claimedAt, 12));
  await harness.sweep();
  const log = await claims();
  expect(log.map((entry) => entry.outcome)).toEqual(['SENT']);
  expect(log[0]!.at).toEqual(minutes(claimedAt, 6));
  const steps = await owner()
    .selectFrom('ladder_steps')
    .select('stage_kind')
    .where('firm_id', '=', firmId)
    .execute();
  expect(steps).toEqual([{ stage_kind: 'FRIENDLY_REMINDER' }]);
  const events = await owner()
    .selectFrom('outbox')
    .select('event_type')
    .where('firm_id', '=', firmId)
    .where('event_type', 'like', '%contact.made%')
    .execute();
  expect(events).toHaveLength(1);
  expect(smtp.received().filter((received) => received.to.includes(email))).toHaveLength(1);
});

it('gives back a lapsed claim that is no longer due, and the step goes at the next allowed moment', async () => {
  const firmId = randomUUID();
  const email = `late-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice('250.00', '2026-01-01', '2026-01-31');
  // Claimed at 20:58 in New York, lost; the lease runs out after 21:00, when no message may go.
  const claimedAt = new Date('2026-02-03T01:58:00Z');
  harness.clock.set(claimedAt);
  await harness.seed(firmId, [facts.client(), facts.matter(), invoice.event]);
  const lost = lostWorker(facts);
  const claimIds = async () =>
    (
      await owner().selectFrom('contact_log').select('id').where('firm_id', '=', firmId).execute()
    ).map((row) => row.id);
  await waitUntil(async () => (await claimIds()).length === 1);
  const [claimId] = await claimIds();
  harness.clock.set(minutes(claimedAt, 7));
  await harness.sweep();
  const log = await owner()
    .selectFrom('contact_log')
    .select(['outcome', 'at'])
    .where('firm_id', '=', firmId)
    .orderBy('at')
    .execute();
  // no attempt is counted for it, and nothing went out after 21:00
  expect(log.map((entry) => entry.outcome)).toEqual(['FAILED']);
  expect(smtp.received().filter((mail) => mail.to.includes(email))).toHaveLength(0);
  // the next morning at 08:00 the reminder goes, once
  harness.clock.set(new Date('2026-02-03T13:00:00Z'));
  await harness.sweep();
  await waitUntil(() => smtp.received().some((mail) => mail.to.includes(email)));
  await lost.wakeUp({ status: 'SENT', providerMessageId: 'late', detail: null });
  const after = await owner()
    .selectFrom('contact_log')
    .select(['id', 'outcome', 'at'])
    .where('firm_id', '=', firmId)
    .execute();
  // the retry took over the lapsed claim: one contact, sent at 08:00, under the claim's id
  expect(after).toEqual([{ id: claimId, outcome: 'SENT', at: new Date('2026-02-03T13:00:00Z') }]);
  const mails = smtp.received().filter((mail) => mail.to.includes(email));
  expect(mails.map((mail) => mail.messageId)).toEqual([`<${claimId}@lexfin.invalid>`]);
});

it('keeps each letter as printed and dates the fee-arbitration notice from its delivery by post', async () => {
  const firmId = randomUUID();
  const facts = new BillingFacts(firmId, {
    email: `post-${firmId.slice(0, 8)}@client.test`,
    region: 'US-CA',
    timeZone: 'America/Los_Angeles',
  });
  // grade D: final notice (letter) at day 45, fee-arbitration notice (letter) at day 50
  const invoice = facts.invoice('900.00', '2026-01-01', '2026-01-31');
  harness.clock.set(new Date('2026-03-23T18:00:00Z'));
  await harness.seed(firmId, [
    facts.client(),
    facts.matter(),
    invoice.event,
    facts.grade('D', '2026-01-01'),
  ]);
  // one step a day: friendly, formal, call, partner review, final notice, fee-arbitration notice
  for (let day = 0; day < 6; day += 1) {
    harness.clock.set(new Date(`${addDays('2026-03-23', day)}T18:00:00Z`));
    await harness.sweep();
  }
  const letters = await owner()
    .selectFrom('letters')
    .innerJoin('contact_log', 'contact_log.id', 'letters.contact_id')
    .select([
      'letters.stage_kind',
      'letters.pdf',
      'letters.sha256',
      'letters.posted_on',
      'letters.delivered_on',
      'contact_log.outcome',
    ])
    .where('letters.firm_id', '=', firmId)
    .orderBy('letters.posted_on')
    .execute();
  expect(
    letters.map((letter) => [letter.stage_kind, letter.posted_on, letter.delivered_on]),
  ).toEqual([
    ['FINAL_NOTICE', '2026-03-27', '2026-04-01'],
    ['FEE_ARBITRATION_NOTICE', '2026-03-28', '2026-04-02'],
  ]);
  for (const letter of letters) {
    expect(letter.outcome).toBe('SENT');
    expect(createHash('sha256').update(letter.pdf).digest('hex')).toBe(letter.sha256);
    expect(pdfText(letter.pdf).join('\n')).toContain(`INV-${invoice.invoiceId.slice(0, 6)}`);
  }
  const arbitration = await owner()
    .selectFrom('fee_arbitration')
    .select('delivered_on')
    .where('firm_id', '=', firmId)
    .executeTakeFirstOrThrow();
  expect(arbitration.delivered_on).toBe('2026-04-02');
  const delivered = await owner()
    .selectFrom('outbox')
    .select('payload')
    .where('firm_id', '=', firmId)
    .where('event_type', 'like', '%fee_arbitration%')
    .execute();
  expect(delivered.map((row) => (JSON.parse(row.payload) as { data: unknown }).data)).toEqual([
    expect.objectContaining({ deliveredOn: '2026-04-02', agencyAllowedFrom: '2026-05-03' }),
  ]);
});

it("hides firm A's settings and agenda from firm B, and the sweep still reaches both firms", async () => {
  const firmA = new BillingFacts(randomUUID(), { email: 'a@client.test' });
  const firmB = new BillingFacts(randomUUID(), { email: 'b@client.test' });
  harness.clock.set(new Date('2026-02-02T10:00:00Z'));
  for (const facts of [firmA, firmB]) {
    const invoice = facts.invoice('100.00', '2026-01-01', '2026-01-31');
    await harness.seed(facts.firmId, [
      facts.firmSettings(),
      facts.client(),
      facts.matter(),
      invoice.event,
    ]);
  }
  const seenBy = (firmId: string) =>
    inFirmTransaction(harness.database.app.db, firmId, async (tx) => ({
      firms: (await tx.selectFrom('firms').select('firm_id').execute()).map((r) => r.firm_id),
      agenda: (await tx.selectFrom('collection_agenda').select('client_id').execute()).map(
        (r) => r.client_id,
      ),
    }));
  expect(await seenBy(firmB.firmId)).toEqual({
    firms: [firmB.firmId],
    agenda: [firmB.clientId],
  });
  expect(await seenBy(firmA.firmId)).toEqual({
    firms: [firmA.firmId],
    agenda: [firmA.clientId],
  });
  const unbound = await harness.database.app.db
    .selectFrom('collection_agenda')
    .select('client_id')
    .execute();
  expect(unbound).toEqual([]);
  // a firm may not write a row of another firm's either
  await expect(
    inFirmTransaction(harness.database.app.db, firmB.firmId, (tx) =>
      tx
        .insertInto('collection_agenda')
        .values({ firm_id: firmA.firmId, client_id: randomUUID(), due_at: new Date() })
        .execute(),
    ),
  ).rejects.toThrow(/row-level security/);

  harness.clock.set(new Date('2026-02-02T15:00:00Z'));
  await harness.sweep();
  await waitUntil(() =>
    ['a@client.test', 'b@client.test'].every((address) =>
      smtp.received().some((mail) => mail.to.includes(address)),
    ),
  );
});

it('retries an instalment reminder whose worker died, once, under the same Message-ID', async () => {
  const firmId = randomUUID();
  const email = `plan-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice('600.00', '2026-01-01', '2026-01-31');
  harness.clock.set(new Date('2026-02-02T15:00:00Z'));
  await harness.seed(firmId, [facts.firmSettings(), facts.client(), facts.matter(), invoice.event]);
  // The friendly reminder opens the case; a plan of two weekly instalments from 10 February.
  await advanceClient(harness.deps, firmId, facts.clientId, 'open-case');
  const { id: caseId } = await owner()
    .selectFrom('collection_cases')
    .select('id')
    .where('firm_id', '=', firmId)
    .executeTakeFirstOrThrow();
  const agent = await harness.as(firmId, ['collections_agent']);
  const planned = await agent.request(
    `mutation ($caseId: ID!) {
      createPaymentPlan(caseId: $caseId, total: { amount: "600.00", currency: "USD" }, count: 2, frequency: WEEKLY, firstDueOn: "2026-02-10", graceDays: 5, idempotencyKey: "plan") { status }
    }`,
    { caseId },
  );
  expect(planned.errors).toBeUndefined();

  // 13:00 in New York, three days before the first instalment: the worker claims its reminder.
  const claimedAt = new Date('2026-02-07T18:00:00Z');
  harness.clock.set(claimedAt);
  const lost = lostWorker(facts);
  const reminders = () =>
    owner()
      .selectFrom('contact_log')
      .select(['id', 'outcome', 'at'])
      .where('firm_id', '=', firmId)
      .where('template_key', '=', 'instalment_reminder')
      .execute();
  await waitUntil(async () => (await reminders()).length === 1);
  const [claim] = await reminders();
  const remindersSent = () =>
    smtp.received().filter((mail) => mail.to.includes(email) && /instalment/.test(mail.subject));

  harness.clock.set(minutes(claimedAt, 2));
  await harness.sweep();
  expect(remindersSent()).toHaveLength(0);

  harness.clock.set(minutes(claimedAt, 6));
  await harness.sweep();
  await waitUntil(() => remindersSent().length === 1);
  expect(remindersSent()[0]!.messageId).toBe(`<${claim!.id}@lexfin.invalid>`);

  // The lost worker's late report changes nothing; the next sweeps send no second reminder.
  await lost.wakeUp({ status: 'FAILED', providerMessageId: null, detail: 'timed out' });
  harness.clock.set(minutes(claimedAt, 12));
  await harness.sweep();
  harness.clock.set(new Date('2026-02-08T15:00:00Z'));
  await harness.sweep();
  expect(await reminders()).toEqual([
    { id: claim!.id, outcome: 'SENT', at: minutes(claimedAt, 6) },
  ]);
  expect(remindersSent()).toHaveLength(1);
});
