import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, eventCatalogue } from '@lexfin/contracts';
import type { Publisher } from '@lexfin/messaging';
import { waitUntil, type GraphQLClient } from '@lexfin/testing';
import { issuedInvoice, ok, recordTime, setUpMatter } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let publisher: Publisher;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  publisher = await harness.messaging.connectPublisher();
});

afterAll(async () => {
  await publisher.disconnect();
  await harness.close();
});

const usd = (amount: string) => ({ amount, currency: 'USD' });

/** An issued invoice of 3 hours (its total is what the rates make it). */
async function invoiceOfClient() {
  const ids = await setUpMatter(clerk);
  await recordTime(clerk, ids, '3.0');
  const invoice = (await issuedInvoice(clerk, ids.matterId)) as {
    id: string;
    total: { amount: string };
  };
  return { ...ids, invoiceId: invoice.id, total: invoice.total.amount };
}

async function amountsOf(invoiceId: string) {
  const { invoice } = await ok(
    clerk,
    `query($id: ID!) { invoice(id: $id) { status credited { amount } writtenOff { amount } openAmount { amount } } }`,
    { id: invoiceId },
  );
  return invoice as {
    status: string;
    credited: { amount: string };
    writtenOff: { amount: string };
    openAmount: { amount: string };
  };
}

async function creditNotesOf(invoiceId: string) {
  return harness.database.owner.db
    .selectFrom('credit_notes')
    .select(['amount_minor', 'reason'])
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

const publish = (...events: { id: string }[]) =>
  publisher.publish(events.map((event) => encodeEvent(event as never)));

it("issues one credit note for an upheld dispute, however often collections' event arrives", async () => {
  const { clientId, matterId, invoiceId } = await invoiceOfClient();
  const resolved = createEvent(eventCatalogue['lexfin.collections.dispute.resolved.v1'], {
    firmId,
    subject: invoiceId,
    correlationId: randomUUID(),
    data: {
      disputeId: randomUUID(),
      caseId: null,
      clientId,
      invoiceId,
      matterId,
      outcome: 'PARTIAL',
      disputedAmount: usd('200.00'),
      creditAmount: usd('120.00'),
      reason: 'One hour billed twice',
      resolvedBy: 'agent-1',
    },
  });
  await publish(resolved, resolved);
  await waitUntil(async () => (await creditNotesOf(invoiceId)).length > 0, 30_000);
  // A rejected dispute asks for nothing.
  const rejected = createEvent(eventCatalogue['lexfin.collections.dispute.resolved.v1'], {
    firmId,
    subject: invoiceId,
    correlationId: randomUUID(),
    data: { ...resolved.data, disputeId: randomUUID(), outcome: 'REJECTED', creditAmount: null },
  });
  await publish(resolved, rejected);
  await waitUntil(
    async () =>
      (await harness.database.owner.db
        .selectFrom('inbox')
        .select('event_id')
        .where('event_id', '=', rejected.id)
        .executeTakeFirst()) !== undefined,
    30_000,
  );
  expect(await creditNotesOf(invoiceId)).toEqual([
    { amount_minor: 12000n, reason: 'Dispute partly upheld: One hour billed twice' },
  ]);
  expect((await amountsOf(invoiceId)).credited).toEqual({ amount: '120.00' });
}, 90_000);

it('writes the invoices off once a partner approved it in collections', async () => {
  const { clientId, matterId, invoiceId, total } = await invoiceOfClient();
  const approved = createEvent(eventCatalogue['lexfin.collections.write_off.approved.v1'], {
    firmId,
    subject: randomUUID(),
    correlationId: randomUUID(),
    data: {
      recommendationId: randomUUID(),
      caseId: randomUUID(),
      clientId,
      items: [{ invoiceId, matterId, amount: usd(total) }],
      reason: 'Client insolvent',
      recommendedBy: 'agent-1',
      approvedBy: 'partner-1',
    },
  });
  await publish(approved, approved);
  await waitUntil(async () => (await amountsOf(invoiceId)).openAmount.amount === '0.00', 30_000);
  const writeOffs = await harness.database.owner.db
    .selectFrom('write_offs')
    .select(['amount_minor', 'approved_by'])
    .where('invoice_id', '=', invoiceId)
    .execute();
  expect(writeOffs).toHaveLength(1);
  expect(writeOffs[0]!.approved_by).toBe('partner-1');
  expect((await amountsOf(invoiceId)).writtenOff).toEqual({ amount: total });
}, 90_000);
