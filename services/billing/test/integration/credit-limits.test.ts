import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, eventCatalogue } from '@lexfin/contracts';
import type { Publisher } from '@lexfin/messaging';
import type { GraphQLClient, MessageCollector } from '@lexfin/testing';
import {
  errorOf,
  eventsOf,
  issuedInvoice,
  ok,
  practiceAreaId,
  recordTime,
  setUpMatter,
  usd,
} from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let officer: GraphQLClient;
let publisher: Publisher;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  officer = await harness.as({ firmId, roles: ['credit_officer'], userId: 'officer-1' });
  publisher = await harness.messaging.connectPublisher();
  collector = await harness.collectEvents(firmId);
});

afterAll(async () => {
  await publisher.disconnect();
  await harness.close();
});

const money = (amount: string, currency: string) => ({ amount, currency });

function breached(clientId: string, currency = 'USD', reason = 'Exposure above the USD limit') {
  return createEvent(eventCatalogue['lexfin.credit.limit.breached.v1'], {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      clientId,
      currency,
      cause: 'OVER_LIMIT',
      exposure: money('12000.00', currency),
      limit: money('10000.00', currency),
      grade: 'C',
      reason,
      policyVersion: 1,
      asOf: '2026-04-01',
    },
  });
}

function restored(breach: ReturnType<typeof breached>) {
  const { clientId, currency } = breach.data;
  return createEvent(eventCatalogue['lexfin.credit.limit.restored.v1'], {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      clientId,
      currency,
      breachId: breach.id,
      exposure: money('8000.00', currency),
      limit: money('10000.00', currency),
      grade: 'B',
      policyVersion: 1,
      asOf: '2026-04-15',
    },
  });
}

const publish = (...events: ReturnType<typeof breached | typeof restored>[]) =>
  publisher.publish(events.map((event) => encodeEvent(event)));

const MATTER = `query($m: ID!) { matter(id: $m) { status creditHoldReason creditHolds { source placedBy reason breachId } } }`;
type Held = {
  status: string;
  creditHoldReason: string | null;
  creditHolds: { source: string; placedBy: string; reason: string; breachId: string | null }[];
};

/** What `read` gives once `done` holds of it (the consumer is asynchronous), or after 20 s to fail on. */
async function once<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The matter once `done` holds of it, read once more then: its status and its holds resolve in
 * two reads, which a change committed between them can split.
 */
async function matterOnce(matterId: string, done: (matter: Held) => boolean): Promise<Held> {
  const read = async () => (await ok<{ matter: Held }>(clerk, MATTER, { m: matterId })).matter;
  await once(read, done);
  return read();
}

const heldFor = (breachId: string) => (matter: Held) =>
  matter.creditHolds.some((hold) => hold.breachId === breachId);
const notHeldByCredit = (matter: Held) =>
  matter.creditHolds.every((hold) => hold.source !== 'CREDIT');

async function breachesOf(clientId: string) {
  const { client } = await ok(
    clerk,
    `query($c: ID!) { client(id: $c) { creditBreaches { id currency cause reason since } } }`,
    { c: clientId },
  );
  return client.creditBreaches as { id: string; currency: string }[];
}

async function openAnotherMatter(clientId: string, responsiblePartnerId: string, currency = 'USD') {
  const { openMatter } = await ok(
    clerk,
    `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id status creditHolds { source reason breachId } } }`,
    {
      input: {
        clientId,
        currency,
        matterNumber: `M-${randomUUID().slice(0, 8)}`,
        description: 'Supply contract',
        responsiblePartnerId,
        practiceAreaId: await practiceAreaId(clerk),
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
      },
    },
  );
  return openMatter as { id: string; status: string; creditHolds: Held['creditHolds'] };
}

function timeEntry(ids: { matterId: string; timekeeperId: string }) {
  return errorOf(
    clerk,
    `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
    {
      input: {
        matterId: ids.matterId,
        timekeeperId: ids.timekeeperId,
        workDate: '2026-03-03',
        hours: '0.5',
        narrative: 'Call with client',
      },
    },
  );
}

/** The credit hold changes billing published for a matter, as [change, source, onHold]. */
function holdChanges(matterId: string, count: number) {
  const changes = async () =>
    (await eventsOf(collector, 'lexfin.billing.matter.credit_hold.changed.v2', 0))
      .filter((event) => event.data.matterId === matterId)
      .map((event) => [event.data.change, event.data.source, event.data.onHold]);
  return once(changes, (found) => found.length >= count);
}

describe('credit limit breaches', () => {
  it('holds every live matter of the client, whatever its currency, once however often it is delivered; work done is still invoiced', async () => {
    const ids = await setUpMatter(clerk);
    const euro = await openAnotherMatter(ids.clientId, ids.timekeeperId, 'EUR');
    const otherClient = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const breach = breached(ids.clientId);
    await publish(breach, breach);

    const held = await matterOnce(ids.matterId, heldFor(breach.id));
    expect(held).toEqual({
      status: 'ON_HOLD',
      creditHoldReason: 'Exposure above the USD limit',
      creditHolds: [
        {
          source: 'CREDIT',
          placedBy: 'system:credit-limit',
          reason: 'Exposure above the USD limit',
          breachId: breach.id,
        },
      ],
    });
    expect((await matterOnce(euro.id, heldFor(breach.id))).status).toBe('ON_HOLD');
    expect((await timeEntry(ids)).extensions).toMatchObject({
      code: 'CREDIT_HOLD',
      matterId: ids.matterId,
    });
    const expense = await errorOf(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-03',
          expenseCode: 'E101',
          description: 'Copies',
          unitCost: usd('0.10'),
        },
      },
    );
    expect(expense.extensions?.code).toBe('CREDIT_HOLD');
    // The hour recorded before the breach is still billed.
    const invoice = await issuedInvoice(clerk, ids.matterId);
    expect(invoice).toMatchObject({ status: 'ISSUED', total: { amount: '300.00' } });

    expect(await breachesOf(ids.clientId)).toEqual([
      {
        id: breach.id,
        currency: 'USD',
        cause: 'OVER_LIMIT',
        reason: 'Exposure above the USD limit',
        since: new Date(breach.time).toISOString(),
      },
    ]);
    // Another client is not in breach.
    await recordTime(clerk, otherClient, '0.5');
    expect(await breachesOf(otherClient.clientId)).toEqual([]);
    // Delivered twice, held once.
    expect(await holdChanges(ids.matterId, 1)).toEqual([['PLACED', 'CREDIT', true]]);
  });

  it("releases credit's holds on restore, never a person's, and a replayed event changes nothing", async () => {
    const ids = await setUpMatter(clerk);
    const other = await openAnotherMatter(ids.clientId, ids.timekeeperId);
    await ok(
      officer,
      `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Fee dispute") { id } }`,
      { m: ids.matterId },
    );
    const breach = breached(ids.clientId);
    await publish(breach);
    await matterOnce(other.id, heldFor(breach.id));
    const restore = restored(breach);
    // Delivered twice, and the same restore re-published under a new event id.
    await publish(restore, restore, restored(breach));

    const personHeld = await matterOnce(ids.matterId, notHeldByCredit);
    expect(personHeld).toEqual({
      status: 'ON_HOLD',
      creditHoldReason: 'Fee dispute',
      creditHolds: [
        { source: 'PERSON', placedBy: 'officer-1', reason: 'Fee dispute', breachId: null },
      ],
    });
    expect((await timeEntry(ids)).extensions?.code).toBe('CREDIT_HOLD');
    expect(await matterOnce(other.id, notHeldByCredit)).toMatchObject({
      status: 'OPEN',
      creditHoldReason: null,
      creditHolds: [],
    });
    await recordTime(clerk, { matterId: other.id, timekeeperId: ids.timekeeperId }, '0.5');
    expect(await breachesOf(ids.clientId)).toEqual([]);

    // The old breach replayed holds nothing: the next breach is the one that holds the matter.
    const next = breached(ids.clientId, 'USD', 'Exposure above the USD limit again');
    await publish(breach, next);
    const heldAgain = await matterOnce(other.id, (matter) => matter.creditHolds.length > 0);
    expect(heldAgain.creditHolds).toEqual([
      expect.objectContaining({ source: 'CREDIT', breachId: next.id }),
    ]);
    expect((await breachesOf(ids.clientId)).map((breach) => breach.id)).toEqual([next.id]);
    expect(await holdChanges(other.id, 3)).toEqual([
      ['PLACED', 'CREDIT', true],
      ['RELEASED', 'CREDIT', false],
      ['PLACED', 'CREDIT', true],
    ]);
    expect(await holdChanges(ids.matterId, 3)).toEqual([
      ['PLACED', 'PERSON', true],
      ['PLACED', 'CREDIT', true],
      ['RELEASED', 'CREDIT', true],
      ['PLACED', 'CREDIT', true],
    ]);
  });

  it('opens a matter on CREDIT hold while its client is in breach', async () => {
    const ids = await setUpMatter(clerk);
    const breach = breached(ids.clientId, 'USD', 'Grade E: the policy holds new work');
    await publish(breach);
    await matterOnce(ids.matterId, heldFor(breach.id));

    const opened = await openAnotherMatter(ids.clientId, ids.timekeeperId);
    expect(opened).toMatchObject({
      status: 'ON_HOLD',
      creditHolds: [
        { source: 'CREDIT', reason: 'Grade E: the policy holds new work', breachId: breach.id },
      ],
    });
    expect(
      (await timeEntry({ matterId: opened.id, timekeeperId: ids.timekeeperId })).extensions?.code,
    ).toBe('CREDIT_HOLD');
    expect(await holdChanges(opened.id, 1)).toEqual([['PLACED', 'CREDIT', true]]);

    await publish(restored(breach));
    expect((await matterOnce(opened.id, notHeldByCredit)).status).toBe('OPEN');
  });

  it('holds nothing for a breach whose restore arrived first', async () => {
    const ids = await setUpMatter(clerk);
    const late = breached(ids.clientId);
    // A dead letter replayed: the restore comes before its breach.
    const marker = breached(ids.clientId, 'EUR', 'Exposure above the EUR limit');
    await publish(restored(late), late, marker);

    // The marker, behind both on the client's partition, is the only breach that holds.
    const held = await matterOnce(ids.matterId, (matter) => matter.creditHolds.length > 0);
    expect(held.creditHolds).toEqual([
      expect.objectContaining({ source: 'CREDIT', breachId: marker.id }),
    ]);
    expect((await breachesOf(ids.clientId)).map((breach) => breach.id)).toEqual([marker.id]);
    await publish(restored(marker));
    expect((await matterOnce(ids.matterId, notHeldByCredit)).status).toBe('OPEN');
  });

  it('keeps the holds while a breach in another currency remains', async () => {
    const ids = await setUpMatter(clerk);
    const dollars = breached(ids.clientId);
    const euros = breached(ids.clientId, 'EUR', 'Exposure above the EUR limit');
    await publish(dollars, euros, restored(dollars));
    const stillInBreach = await once(
      () => breachesOf(ids.clientId),
      (breaches) => breaches.length === 1,
    );
    expect(stillInBreach).toEqual([expect.objectContaining({ id: euros.id, currency: 'EUR' })]);
    const held = await matterOnce(ids.matterId, () => true);
    // The hold stays as the first breach placed it; the client's breaches say why it stays.
    expect(held).toMatchObject({
      status: 'ON_HOLD',
      creditHolds: [{ source: 'CREDIT', breachId: dollars.id }],
    });
    expect((await timeEntry(ids)).extensions?.code).toBe('CREDIT_HOLD');

    await publish(restored(euros));
    expect((await matterOnce(ids.matterId, notHeldByCredit)).status).toBe('OPEN');
    await recordTime(clerk, ids, '0.5');
    expect(await holdChanges(ids.matterId, 2)).toEqual([
      ['PLACED', 'CREDIT', true],
      ['RELEASED', 'CREDIT', false],
    ]);
  });

  it('shows the breaches to staff only', async () => {
    const ids = await setUpMatter(clerk);
    const portal = await harness.as({
      firmId,
      roles: ['client_portal'],
      clientId: ids.clientId,
    });
    const refused = await errorOf(
      portal,
      `query($c: ID!) { client(id: $c) { creditBreaches { id } } }`,
      {
        c: ids.clientId,
      },
    );
    expect(refused.extensions?.code).toBe('FORBIDDEN');
  });
});
