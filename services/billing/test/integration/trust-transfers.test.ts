import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, trustEvents } from '@lexfin/contracts';
import type { Publisher } from '@lexfin/messaging';
import type { GraphQLClient } from '@lexfin/testing';
import { issuedInvoice, ok, recordTime, setUpMatter, usd } from '../support/fixtures';
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

function transferEvent(
  ids: { clientId: string; matterId: string },
  invoiceId: string,
  amount: string,
  transferId = randomUUID(),
) {
  return createEvent(trustEvents.transferToOperatingRecorded, {
    firmId,
    subject: transferId,
    correlationId: randomUUID(),
    data: {
      transferId,
      entryId: randomUUID(),
      trustAccountId: randomUUID(),
      invoiceId,
      clientId: ids.clientId,
      matterId: ids.matterId,
      amount: usd(amount),
      transferredOn: '2026-04-10',
      paymentMethod: 'TRUST',
    },
  });
}

const PAYMENTS = `query($c: ID!) { payments(clientId: $c) { method amount { amount } unapplied { amount } receivedOn allocations { invoice { id status } amount { amount } } } }`;

async function paymentsOnceSettled(clientId: string, count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { payments } = await ok(clerk, PAYMENTS, { c: clientId });
    if (payments.length >= count || Date.now() > deadline) return payments;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('trust transfers to operating', () => {
  it('applies a transfer as a TRUST payment on its invoice, exactly once', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    const event = transferEvent(ids, invoice.id, '120.00');
    // Delivered twice (a redelivery), and the same transfer re-published under a new event id.
    const again = createEvent(trustEvents.transferToOperatingRecorded, {
      firmId,
      subject: event.subject,
      correlationId: event.correlationid,
      data: { ...event.data },
    });
    await publisher.publish([encodeEvent(event), encodeEvent(event), encodeEvent(again)]);
    const payments = await paymentsOnceSettled(ids.clientId, 1);
    expect(payments).toEqual([
      {
        method: 'TRUST',
        amount: { amount: '120.00' },
        unapplied: { amount: '0.00' },
        receivedOn: '2026-04-10',
        allocations: [
          { invoice: { id: invoice.id, status: 'PARTIALLY_PAID' }, amount: { amount: '120.00' } },
        ],
      },
    ]);
    // A later transfer is applied too, and the duplicates above never were.
    await publisher.publish([encodeEvent(transferEvent(ids, invoice.id, '180.00'))]);
    const both = await paymentsOnceSettled(ids.clientId, 2);
    expect(both).toHaveLength(2);
    const { invoice: settled } = await ok(
      clerk,
      `query($id: ID!) { invoice(id: $id) { status openAmount { amount } } }`,
      { id: invoice.id },
    );
    expect(settled).toEqual({ status: 'PAID', openAmount: { amount: '0.00' } });
  });

  it('keeps what the invoice no longer has open as client credit', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    await publisher.publish([encodeEvent(transferEvent(ids, invoice.id, '350.00'))]);
    const [payment] = await paymentsOnceSettled(ids.clientId, 1);
    expect(payment).toMatchObject({ amount: { amount: '350.00' }, unapplied: { amount: '50.00' } });
  });
});
