import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, type EventDefinition } from '@lexfin/contracts';
import { waitUntil, type GraphQLClient } from '@lexfin/testing';
import type { z } from 'zod';
import {
  billingMatterEvents,
  invoiceIssuedEvent,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';
import { dataOf, deposit, errorCode, openAccount, TRANSFER, usd } from './operations';

// Billing's invoice events arrive over Kafka; transfers to operating are held to the open amount
// they report, less the transfers billing has not applied yet.

let harness: TrustHarness;
let accountant: GraphQLClient;
let trustAccountId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness({ replica: true });
  accountant = await harness.as(firmId, ['trust_accountant']);
  trustAccountId = await openAccount(accountant);
});

afterAll(() => harness.close());

function billingEvent<Type extends string, Data extends z.ZodType>(
  definition: EventDefinition<Type, Data>,
  data: z.input<Data>,
) {
  return createEvent(definition, {
    firmId,
    subject: randomUUID(),
    correlationId: randomUUID(),
    data,
  });
}

async function fundedMatter(): Promise<OpenedMatter> {
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  await deposit(accountant, trustAccountId, matter, '5000.00');
  return matter;
}

/** Publishes an invoice on Kafka and waits until the replica has it. */
async function issue(matter: OpenedMatter, total: string, version: 1 | 2 = 2) {
  const issued = invoiceIssuedEvent(firmId, matter, total, version);
  await harness.publish([issued]);
  await replicaReaches(issued.data.invoiceId, { billing_open_minor: undefined });
  const { invoiceId, invoiceNumber } = issued.data;
  return { invoiceId, invoiceNumber, ...matter };
}

async function replicaReaches(
  invoiceId: string,
  expected: { billing_open_minor?: bigint; unapplied_transfers_minor?: bigint },
) {
  await waitUntil(async () => {
    const row = await harness.database.owner.db
      .selectFrom('invoices')
      .select(['billing_open_minor', 'unapplied_transfers_minor'])
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    if (!row) return false;
    return Object.entries(expected).every(
      ([column, value]) => value === undefined || row[column as keyof typeof row] === value,
    );
  }, 20_000);
}

function transfer(invoiceId: string, amount: string, transferredOn = '2026-03-10') {
  return accountant.request(TRANSFER, {
    key: randomUUID(),
    input: { trustAccountId, invoiceId, amount: usd(amount), transferredOn },
  });
}

async function refusedOpen(invoiceId: string, amount: string): Promise<unknown> {
  const response = await transfer(invoiceId, amount);
  expect(errorCode(response)).toBe('OVER_TRANSFER');
  return response.errors?.[0]?.extensions?.open;
}

it('counts its own transfers until billing reports them back as TRUST payments', async () => {
  const invoice = await issue(await fundedMatter(), '1000.00');
  dataOf(await transfer(invoice.invoiceId, '400.00'), 'transferTrustToOperating');

  // Billing credits 100.00 before it has applied the transfer: 900.00 open there, 400.00 of it
  // already on its way from trust.
  await harness.publish([
    billingEvent(billingEvents.creditNoteIssued, {
      ...invoice,
      creditNoteId: randomUUID(),
      creditNoteNumber: 'CN-1',
      amount: usd('100.00'),
      openAmount: usd('900.00'),
      reason: 'Courtesy discount',
      issuedOn: '2026-03-11',
    }),
  ]);
  await replicaReaches(invoice.invoiceId, {
    billing_open_minor: 90_000n,
    unapplied_transfers_minor: 40_000n,
  });
  expect(await refusedOpen(invoice.invoiceId, '500.01')).toBe('500.00');

  // Billing applies the transfer: the same 500.00 stays transferable, now by billing's count.
  await harness.publish([
    billingEvent(billingEvents.paymentRecorded, {
      paymentId: randomUUID(),
      clientId: invoice.clientId,
      method: 'TRUST',
      amount: usd('400.00'),
      receivedOn: '2026-03-10',
      allocations: [{ ...invoice, amount: usd('400.00') }],
      unappliedAmount: usd('0.00'),
    }),
  ]);
  await replicaReaches(invoice.invoiceId, {
    billing_open_minor: 50_000n,
    unapplied_transfers_minor: 0n,
  });
  expect(await refusedOpen(invoice.invoiceId, '500.01')).toBe('500.00');

  // A card payment that bounces: paid, then open again.
  const cardPayment = {
    paymentId: randomUUID(),
    clientId: invoice.clientId,
    method: 'CARD' as const,
    amount: usd('200.00'),
  };
  await harness.publish([
    billingEvent(billingEvents.paymentRecorded, {
      ...cardPayment,
      receivedOn: '2026-03-12',
      allocations: [{ ...invoice, amount: usd('200.00') }],
      unappliedAmount: usd('0.00'),
    }),
  ]);
  await replicaReaches(invoice.invoiceId, { billing_open_minor: 30_000n });
  expect(await refusedOpen(invoice.invoiceId, '300.01')).toBe('300.00');
  await harness.publish([
    billingEvent(billingEvents.paymentReversed, {
      ...cardPayment,
      reason: 'Chargeback',
      reversedOn: '2026-03-13',
      reopenedAllocations: [{ ...invoice, amount: usd('200.00') }],
    }),
  ]);
  await replicaReaches(invoice.invoiceId, { billing_open_minor: 50_000n });

  await harness.publish([
    billingEvent(billingEvents.invoiceWrittenOff, {
      ...invoice,
      writeOffId: randomUUID(),
      amount: usd('250.00'),
      openAmount: usd('250.00'),
      reason: 'Uncollectable',
      approvedBy: 'partner-1',
      writtenOffOn: '2026-03-14',
    }),
  ]);
  await replicaReaches(invoice.invoiceId, { billing_open_minor: 25_000n });
  dataOf(await transfer(invoice.invoiceId, '250.00'), 'transferTrustToOperating');
  expect(await refusedOpen(invoice.invoiceId, '0.01')).toBe('0.00');
});

it('allows nothing against a voided or paid invoice', async () => {
  const matter = await fundedMatter();
  const voided = await issue(matter, '300.00');
  const paid = await issue(matter, '300.00');
  await harness.publish([
    billingEvent(billingEvents.invoiceVoidedV2, {
      ...voided,
      total: usd('300.00'),
      reason: 'Issued in error',
      voidedOn: '2026-03-05',
      returnedTimeEntries: [{ timeEntryId: randomUUID(), amount: usd('300.00') }],
      returnedExpenses: [],
    }),
    billingEvent(billingEvents.invoicePaid, {
      ...paid,
      total: usd('300.00'),
      invoiceDate: '2026-03-01',
      dueDate: '2026-03-31',
      paidOn: '2026-03-06',
      daysToPay: 5,
    }),
  ]);
  await replicaReaches(voided.invoiceId, { billing_open_minor: 0n });
  await replicaReaches(paid.invoiceId, { billing_open_minor: 0n });
  expect(await refusedOpen(voided.invoiceId, '0.01')).toBe('0.00');
  expect(await refusedOpen(paid.invoiceId, '0.01')).toBe('0.00');
});

it('still reads the v1 issued and voided events already on the topic', async () => {
  const matter = await fundedMatter();
  const invoice = await issue(matter, '120.00', 1);
  await replicaReaches(invoice.invoiceId, { billing_open_minor: 12_000n });
  await harness.publish([
    billingEvent(billingEvents.invoiceVoided, {
      ...invoice,
      total: usd('120.00'),
      reason: 'Issued in error',
      voidedOn: '2026-03-05',
    }),
  ]);
  await replicaReaches(invoice.invoiceId, { billing_open_minor: 0n });
  expect(await refusedOpen(invoice.invoiceId, '0.01')).toBe('0.00');
});
