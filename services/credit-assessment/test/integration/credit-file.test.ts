import { randomUUID } from 'node:crypto';
import {
  collectionsEvents,
  createEvent,
  decodeEvent,
  serviceTopicFor,
  type EventDefinition,
} from '@lexfin/contracts';
import type { z } from 'zod';
import { inFirmTransaction } from '@lexfin/persistence';
import { startMessageCollector, waitUntil } from '@lexfin/testing';
import { startCreditHarness, type CreditHarness } from '../harness';
import { clientStream } from '../support/events';

let harness: CreditHarness;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startCreditHarness({ consumers: true, relay: true });
});

afterAll(() => harness.close());

// The firm's rows. RLS confines facts and breaches to it, but not the outbox (only the relay
// reads it, across firms): its count must name the firm, or the events other suites publish on
// the shared broker (which this consumer folds too) count as this client's.
const counts = () =>
  inFirmTransaction(harness.deps.db, firmId, async (tx) => {
    const count = async (table: 'credit_facts' | 'outbox' | 'credit_breaches') =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('firm_id', '=', firmId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      facts: await count('credit_facts'),
      outbox: await count('outbox'),
      breaches: await count('credit_breaches'),
    };
  });

it("builds a client's profile from billing's and trust's events on Kafka, once per event", async () => {
  const stream = clientStream(firmId);
  const work = stream.timeEntry('1200.00', '2026-06-01');
  const workId = (work.data as { timeEntryId: string }).timeEntryId;
  const invoiceId = randomUUID();
  const events = [
    stream.clientCreated(),
    work,
    stream.timeEntry('300.00', '2026-06-02'),
    stream.invoiceIssued({
      invoiceId,
      total: '1200.00',
      invoiceDate: '2026-06-05',
      dueDate: '2026-07-05',
      timeEntryIds: [workId],
    }),
    stream.payment(invoiceId, '200.00', '2026-06-10'),
    stream.deposit('500.00', '2026-06-11'),
  ];
  await harness.publish(events);
  // exposure = 300.00 unbilled + 1,000.00 open - 500.00 trust = 800.00
  await waitUntil(async () => {
    const features = await harness.storedFeatures(firmId, stream.clientId);
    return features?.currencies[0]?.exposureMinor === 80_000n;
  });
  const features = (await harness.storedFeatures(firmId, stream.clientId))!;
  expect(features.currencies[0]).toMatchObject({
    currency: 'USD',
    unbilledWorkMinor: 30_000n,
    openReceivablesMinor: 100_000n,
    trustHeldMinor: 50_000n,
  });
  const before = await counts();

  // every event again: the inbox makes each a no-op
  await harness.publish(events);
  await harness.publish([stream.timeEntry('1.00', '2026-06-20')]);
  await waitUntil(async () => (await counts()).facts === before.facts + 1);
  const after = await counts();
  expect(after.outbox).toBe(before.outbox);
  expect(
    (await harness.storedFeatures(firmId, stream.clientId))!.currencies[0]!.exposureMinor,
  ).toBe(80_100n);
});

it('publishes a breach once when exposure passes the limit, and a restore naming it inside the margin', async () => {
  const stream = clientStream(firmId);
  // Delivery is at least once (a collector rejoining its group may see a message again): one
  // breach is one event id, so each id counts once.
  const seen = new Set<string>();
  const collector = await startMessageCollector(
    harness.messaging,
    [serviceTopicFor('credit')],
    (message) => {
      const value = message.value ?? '';
      if (!value.includes(stream.clientId)) return false;
      const { id } = decodeEvent(value);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    },
  );
  // a new client is a thin file: limit 25,000.00 USD by default, restored at 90% = 22,500.00
  // The consumer folds a fetch's events at once: the entry that stays over the limit comes after
  // the breach, so the breach reports the 26,000.00 that caused it.
  await harness.publish([stream.clientCreated(), stream.timeEntry('26000.00', '2026-06-01')]);
  const [breached] = await collector.waitFor(1);
  const breach = decodeEvent(breached!.value!);
  expect(breach.type).toBe('lexfin.credit.limit.breached.v1');
  expect(breach.data).toMatchObject({
    clientId: stream.clientId,
    currency: 'USD',
    cause: 'OVER_LIMIT',
    exposure: { amount: '26000.00', currency: 'USD' },
    limit: { amount: '25000.00', currency: 'USD' },
    grade: null,
    policyVersion: 1,
  });
  // still over the limit with its breach open: no second breach
  await harness.publish([stream.timeEntry('100.00', '2026-06-02')]);
  // 26,100.00 - 3,000.00 = 23,100.00: under the limit but over the margin, still in breach
  await harness.publish([stream.deposit('3000.00', '2026-06-03')]);
  // 23,100.00 - 700.00 = 22,400.00: within the margin
  await harness.publish([stream.deposit('700.00', '2026-06-04')]);
  const messages = await collector.waitFor(2);
  const restored = decodeEvent(messages[1]!.value!);
  expect(restored.type).toBe('lexfin.credit.limit.restored.v1');
  expect(restored.data).toMatchObject({
    breachId: breach.id,
    exposure: { amount: '22400.00', currency: 'USD' },
    limit: { amount: '25000.00', currency: 'USD' },
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(collector.messages).toHaveLength(2);
  await collector.stop();
});

it("counts collections' promises broken, plans in default, disputes and hand-offs, and none of the ladder's own steps", async () => {
  const stream = clientStream(firmId);
  await harness.publish([stream.clientCreated(), stream.timeEntry('50.00', '2026-06-01')]);
  // Both of billing's facts are in once the work shows as unbilled.
  await waitUntil(
    async () =>
      (await harness.storedFeatures(firmId, stream.clientId))?.currencies[0]?.unbilledWorkMinor ===
      5_000n,
  );
  const factsBefore = (await counts()).facts;
  const caseId = randomUUID();
  const invoiceId = randomUUID();
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  // Each a minute after the one before: the fold takes facts in the order they happened.
  let minute = 0;
  const of = <T extends string, D extends z.ZodType>(
    definition: EventDefinition<T, D>,
    data: z.input<D>,
  ) =>
    createEvent(definition, {
      firmId,
      subject: stream.clientId,
      correlationId: randomUUID(),
      time: new Date(Date.parse('2026-06-20T15:00:00Z') + 60_000 * minute++),
      data,
    });
  const stage = (kind: 'FINAL_NOTICE' | 'AGENCY_HANDOFF') =>
    of(collectionsEvents.stageReached, {
      caseId,
      clientId: stream.clientId,
      stage: kind,
      channel: kind === 'AGENCY_HANDOFF' ? 'AGENCY' : 'LETTER',
      responsibleRole: 'partner',
      policyVersion: 1,
      items: [
        {
          invoiceId,
          matterId: stream.matterId,
          dueDate: '2026-01-20',
          daysPastDue: 151,
          openAmount: usd('4000.00'),
        },
      ],
      contactId: null,
      reachedAt: '2026-06-20T15:00:00.000Z',
    });
  const promiseId = randomUUID();
  const broken = of(collectionsEvents.promiseBroken, {
    promiseId,
    caseId,
    clientId: stream.clientId,
    amount: usd('1000.00'),
    paid: usd('0.00'),
    payBy: '2026-06-10',
    brokenOn: '2026-06-11',
  });
  const defaulted = of(collectionsEvents.planDefaulted, {
    planId: randomUUID(),
    caseId,
    clientId: stream.clientId,
    missedDueOn: '2026-06-01',
    paid: usd('500.00'),
    defaultedOn: '2026-06-07',
  });
  const disputeId = randomUUID();
  const dispute = {
    disputeId,
    caseId,
    clientId: stream.clientId,
    invoiceId,
    matterId: stream.matterId,
  };
  const opened = of(collectionsEvents.disputeOpened, {
    ...dispute,
    lineId: null,
    amount: usd('300.00'),
    deadline: '2026-07-01',
    openedBy: 'agent-1',
  });
  const secondOpened = of(collectionsEvents.disputeOpened, {
    ...dispute,
    disputeId: randomUUID(),
    lineId: null,
    amount: usd('100.00'),
    deadline: '2026-07-01',
    openedBy: 'agent-1',
  });
  const resolved = of(collectionsEvents.disputeResolved, {
    ...dispute,
    outcome: 'REJECTED',
    disputedAmount: usd('300.00'),
    creditAmount: null,
    reason: 'Hours confirmed',
    resolvedBy: 'agent-1',
  });
  const handoff = of(collectionsEvents.caseHandedOff, {
    handoffId: randomUUID(),
    caseId,
    clientId: stream.clientId,
    agency: 'Acme Recoveries',
    items: [{ invoiceId, matterId: stream.matterId, amount: usd('4000.00') }],
    handedBy: 'partner-1',
    handedOn: '2026-06-20',
  });
  await harness.publish([
    stage('FINAL_NOTICE'),
    stage('AGENCY_HANDOFF'),
    broken,
    defaulted,
    opened,
    secondOpened,
    resolved,
    handoff,
    handoff,
    broken,
  ]);
  await waitUntil(async () => (await counts()).facts === factsBefore + 6);
  const features = await harness.storedFeatures(firmId, stream.clientId);
  expect(features).toMatchObject({
    agencyHandoffs: 1,
    brokenPromises: 1,
    plansDefaulted: 1,
    openDisputes: 1,
  });
  // The firm takes the case back from the agency: no fact, the hand-off still counts. (A later
  // broken promise shows the recall, before it on the same key, was consumed.)
  const recalled = of(collectionsEvents.caseRecalled, {
    handoffId: randomUUID(),
    caseId,
    clientId: stream.clientId,
    recalledBy: 'partner-1',
  });
  const brokenAgain = of(collectionsEvents.promiseBroken, {
    promiseId: randomUUID(),
    caseId,
    clientId: stream.clientId,
    amount: usd('500.00'),
    paid: usd('0.00'),
    payBy: '2026-06-25',
    brokenOn: '2026-06-26',
  });
  await harness.publish([recalled, brokenAgain]);
  await waitUntil(async () => (await counts()).facts === factsBefore + 7);
  expect(await harness.storedFeatures(firmId, stream.clientId)).toMatchObject({
    agencyHandoffs: 1,
    brokenPromises: 2,
  });
});
