import { Money } from '@lexfin/money';
import { type GraphQLClient, type MessageCollector } from '@lexfin/testing';
import {
  errorOf,
  issuedInvoice,
  ok,
  recordTime,
  setUpMatter,
  usd,
  eventsOf,
} from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  collector = await harness.collectEvents(firmId);
});

afterAll(async () => {
  await harness.close();
});

const PAY = `mutation($input: RecordPaymentInput!, $k: String!) { recordPayment(input: $input, idempotencyKey: $k) {
  id status amount { amount } unapplied { amount } allocations { invoice { id status openAmount { amount } } amount { amount } reversed } } }`;
const REVERSE = `mutation($p: ID!, $k: String!) { reversePayment(paymentId: $p, reason: "Returned NSF", reversedOn: "2026-05-10", idempotencyKey: $k) { id status unapplied { amount } allocations { reversed } } }`;
const OPEN = `query($id: ID!) { invoice(id: $id) { status openAmount { amount } paid { amount } } }`;

/** A client with three issued invoices of 300.00 due 2026-05-01, 2026-04-16 (net 15) and 2026-05-31. */
async function clientWithInvoices() {
  const ids = await setUpMatter(clerk);
  await recordTime(clerk, ids, '1.0');
  const first = await issuedInvoice(clerk, ids.matterId, '2026-04-01');
  await ok(
    clerk,
    `mutation($m: ID!) { updateMatter(input: { matterId: $m, paymentTermsDays: 15 }) { id } }`,
    { m: ids.matterId },
  );
  await recordTime(clerk, ids, '1.0', '2026-03-05');
  const earliest = await issuedInvoice(clerk, ids.matterId, '2026-04-01');
  await ok(
    clerk,
    `mutation($m: ID!) { updateMatter(input: { matterId: $m, paymentTermsDays: 30 }) { id } }`,
    { m: ids.matterId },
  );
  await recordTime(clerk, ids, '1.0', '2026-03-06');
  const latest = await issuedInvoice(clerk, ids.matterId, '2026-05-01');
  return { ...ids, first, earliest, latest };
}

describe('payments', () => {
  it('allocates to the oldest due date first and keeps an overpayment as client credit', async () => {
    const { clientId, first, earliest, latest } = await clientWithInvoices();
    const paid = (
      await ok(clerk, PAY, {
        input: { clientId, method: 'CHECK', amount: usd('450.00'), reference: 'chk 1001' },
        k: 'pay-1',
      })
    ).recordPayment;
    expect(
      paid.allocations.map((a: { invoice: { id: string }; amount: { amount: string } }) => [
        a.invoice.id,
        a.amount.amount,
      ]),
    ).toEqual([
      [earliest.id, '300.00'],
      [first.id, '150.00'],
    ]);
    expect((await ok(clerk, OPEN, { id: earliest.id })).invoice).toEqual({
      status: 'PAID',
      openAmount: { amount: '0.00' },
      paid: { amount: '300.00' },
    });
    expect((await ok(clerk, OPEN, { id: first.id })).invoice.status).toBe('PARTIALLY_PAID');
    const over = (
      await ok(clerk, PAY, {
        input: { clientId, method: 'WIRE', amount: usd('600.00') },
        k: 'pay-2',
      })
    ).recordPayment;
    expect(over.unapplied.amount).toBe('150.00');
    expect((await ok(clerk, OPEN, { id: latest.id })).invoice.status).toBe('PAID');
    const credit = await ok(
      clerk,
      `query($c: ID!) { client(id: $c) { unappliedCredit { amount } } }`,
      { c: clientId },
    );
    expect(credit.client.unappliedCredit.amount).toBe('150.00');
    const recorded = await eventsOf(collector, 'lexfin.billing.payment.recorded.v1', 2);
    expect(recorded.find((event) => event.data.amount.amount === '600.00').data).toMatchObject({
      method: 'WIRE',
      unappliedAmount: usd('150.00'),
      allocations: [
        { invoiceId: first.id, amount: usd('150.00') },
        { invoiceId: latest.id, amount: usd('300.00') },
      ],
    });
    const paidEvents = await eventsOf(collector, 'lexfin.billing.invoice.paid.v1', 3);
    expect(paidEvents.find((event) => event.data.invoiceId === earliest.id).data).toMatchObject({
      paidOn: '2026-04-01',
      daysToPay: 0,
      dueDate: '2026-04-16',
    });
  });

  it('applies client credit to a later invoice, and allocates explicitly when asked', async () => {
    const { clientId, matterId, timekeeperId, first, latest } = await clientWithInvoices();
    const explicit = (
      await ok(clerk, PAY, {
        input: {
          clientId,
          method: 'CARD',
          amount: usd('400.00'),
          allocations: [{ invoiceId: latest.id, amount: usd('300.00') }],
        },
        k: 'pay-3',
      })
    ).recordPayment;
    expect(explicit.unapplied.amount).toBe('100.00');
    expect((await ok(clerk, OPEN, { id: latest.id })).invoice.status).toBe('PAID');
    const refused = await errorOf(clerk, PAY, {
      input: {
        clientId,
        method: 'CARD',
        amount: usd('10.00'),
        allocations: [{ invoiceId: first.id, amount: usd('300.01') }],
      },
      k: 'pay-4',
    });
    expect(refused.extensions?.code).toBe('EXCEEDS_OPEN_AMOUNT');
    await recordTime(clerk, { matterId, timekeeperId }, '1.0', '2026-03-07');
    const applied = await ok(
      clerk,
      `mutation($c: ID!) { applyClientCredit(clientId: $c, currency: "USD", idempotencyKey: "credit-1") { unappliedCredit { amount } } }`,
      { c: clientId },
    );
    expect(applied.applyClientCredit.unappliedCredit.amount).toBe('0.00');
    // The credit went to the oldest open invoice (the one due 2026-04-16).
    const open = await ok(
      clerk,
      `query($c: ID!) { invoices(filter: { clientId: $c, status: [PARTIALLY_PAID] }) { nodes { id dueDate openAmount { amount } } } }`,
      { c: clientId },
    );
    expect(open.invoices.nodes).toEqual([
      expect.objectContaining({ dueDate: '2026-04-16', openAmount: { amount: '200.00' } }),
    ]);
    const none = await errorOf(
      clerk,
      `mutation($c: ID!) { applyClientCredit(clientId: $c, currency: "USD", idempotencyKey: "credit-2") { id } }`,
      { c: clientId },
    );
    expect(none.extensions?.code).toBe('NO_CLIENT_CREDIT');
  });

  it('never allocates more than is open when payments race', async () => {
    const { clientId } = await clientWithInvoices();
    const payments = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        ok(clerk, PAY, {
          input: { clientId, method: 'CARD', amount: usd('150.00') },
          k: `race-${index}`,
        }),
      ),
    );
    const unapplied = payments.reduce(
      (sum, result) => sum + Money.parse(result.recordPayment.unapplied.amount, 'USD').minor,
      0n,
    );
    expect(unapplied).toBe(30000n); // 8 x 150.00 against 900.00 open
    const open = await ok(
      clerk,
      `query($c: ID!) { receivables(asOf: "2026-12-31", clientId: $c) { totals { open { amount } } } }`,
      { c: clientId },
    );
    expect(open.receivables.totals).toEqual([]);
  });

  it('records one payment for one idempotency key, however often it is sent', async () => {
    const { clientId } = await clientWithInvoices();
    const input = { clientId, method: 'ACH', amount: usd('100.00') };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ok(clerk, PAY, { input, k: 'same-key' })),
    );
    expect(new Set(results.map((result) => result.recordPayment.id)).size).toBe(1);
    const payments = await ok(clerk, `query($c: ID!) { payments(clientId: $c) { id } }`, {
      c: clientId,
    });
    expect(payments.payments).toHaveLength(1);
    const conflict = await errorOf(clerk, PAY, {
      input: { ...input, amount: usd('100.01') },
      k: 'same-key',
    });
    expect(conflict.extensions?.code).toBe('CONFLICT');
  });

  it('reverses a bounced payment: its allocations are undone and the invoices reopen', async () => {
    const { clientId, first, earliest } = await clientWithInvoices();
    const payment = (
      await ok(clerk, PAY, {
        input: { clientId, method: 'CHECK', amount: usd('700.00') },
        k: 'pay-r',
      })
    ).recordPayment;
    const reversed = (await ok(clerk, REVERSE, { p: payment.id, k: 'rev-1' })).reversePayment;
    expect(reversed).toMatchObject({ status: 'REVERSED', unapplied: { amount: '0.00' } });
    expect(
      reversed.allocations.every((allocation: { reversed: boolean }) => allocation.reversed),
    ).toBe(true);
    expect((await ok(clerk, OPEN, { id: earliest.id })).invoice).toEqual({
      status: 'ISSUED',
      openAmount: { amount: '300.00' },
      paid: { amount: '0.00' },
    });
    expect((await ok(clerk, OPEN, { id: first.id })).invoice.status).toBe('ISSUED');
    expect((await errorOf(clerk, REVERSE, { p: payment.id, k: 'rev-2' })).extensions?.code).toBe(
      'PAYMENT_REVERSED',
    );
    const events = await eventsOf(collector, 'lexfin.billing.payment.reversed.v1', 1);
    expect(events.find((event) => event.data.paymentId === payment.id).data).toMatchObject({
      reason: 'Returned NSF',
      reversedOn: '2026-05-10',
      amount: usd('700.00'),
    });
  });
});

describe('client portal and statements', () => {
  it('shows a client only its own invoices, payments and statement', async () => {
    const mine = await clientWithInvoices();
    const theirs = await clientWithInvoices();
    await ok(clerk, PAY, {
      input: {
        clientId: mine.clientId,
        method: 'CARD',
        amount: usd('350.00'),
        receivedOn: '2026-04-20',
      },
      k: 'portal-pay',
    });
    const portal = await harness.as({ firmId, roles: ['client_portal'], clientId: mine.clientId });
    const invoices = await ok(portal, `{ invoices { nodes { id client { id } } } }`);
    expect(invoices.invoices.nodes).toHaveLength(3);
    expect(
      invoices.invoices.nodes.every(
        (invoice: { client: { id: string } }) => invoice.client.id === mine.clientId,
      ),
    ).toBe(true);
    expect((await ok(portal, OPEN, { id: theirs.first.id })).invoice).toBeNull();
    expect(
      (
        await errorOf(portal, `query($c: ID!) { payments(clientId: $c) { id } }`, {
          c: theirs.clientId,
        })
      ).extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await errorOf(portal, `{ receivables(asOf: "2026-05-01") { asOf } }`)).extensions?.code,
    ).toBe('FORBIDDEN');
    const statement = await ok(
      portal,
      `query($c: ID!) { clientAccountStatement(clientId: $c, from: "2026-04-15", to: "2026-05-31") {
      openingBalance { amount } closingBalance { amount } entries { kind date amount { amount } balance { amount } } } }`,
      { c: mine.clientId },
    );
    expect(statement.clientAccountStatement).toEqual({
      openingBalance: { amount: '600.00' },
      closingBalance: { amount: '550.00' },
      entries: [
        {
          kind: 'PAYMENT',
          date: '2026-04-20',
          amount: { amount: '-350.00' },
          balance: { amount: '250.00' },
        },
        {
          kind: 'INVOICE',
          date: '2026-05-01',
          amount: { amount: '300.00' },
          balance: { amount: '550.00' },
        },
      ],
    });
  });

  it('lists receivables as of a date with open amounts and days past due', async () => {
    const { clientId, earliest } = await clientWithInvoices();
    const result = await ok(
      clerk,
      `query($c: ID!) { receivables(asOf: "2026-05-06", clientId: $c, first: 1) {
      totals { open { amount currency } invoiceCount } items { invoice { id } openAmount { amount } daysPastDue } hasMore endCursor } }`,
      { c: clientId },
    );
    expect(result.receivables).toMatchObject({
      totals: [{ open: { amount: '900.00', currency: 'USD' }, invoiceCount: 3 }],
      items: [{ invoice: { id: earliest.id }, openAmount: { amount: '300.00' }, daysPastDue: 20 }],
      hasMore: true,
    });
    const next = await ok(
      clerk,
      `query($c: ID!, $a: String) { receivables(asOf: "2026-05-06", clientId: $c, first: 5, after: $a) { items { daysPastDue } hasMore } }`,
      {
        c: clientId,
        a: result.receivables.endCursor,
      },
    );
    expect(next.receivables).toEqual({
      items: [{ daysPastDue: 5 }, { daysPastDue: 0 }],
      hasMore: false,
    });
    expect(
      (await errorOf(clerk, `{ receivables(asOf: "2026-05-06", after: "garbage") { asOf } }`))
        .extensions?.fields,
    ).toHaveProperty('after');
  });
});
