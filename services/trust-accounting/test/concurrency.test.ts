import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '@lexfin/testing';
import {
  billingMatterEvents,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';
import {
  deposit,
  disburse,
  errorCode,
  ledgerBalance,
  openAccount,
  TRANSFER,
  usd,
  VERIFY,
  dataOf,
} from './operations';

let harness: TrustHarness;
let accountant: GraphQLClient;
let trustAccountId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
  trustAccountId = await openAccount(accountant);
});

afterAll(() => harness.close());

async function fundedMatter(amount: string): Promise<OpenedMatter> {
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  await deposit(accountant, trustAccountId, matter, amount, 'WIRE');
  return matter;
}

async function lowestBalanceSeen(matter: OpenedMatter): Promise<bigint> {
  const rows = await harness.database.owner.db
    .selectFrom('journal_entries')
    .select(['amount_minor'])
    .where('matter_id', '=', matter.matterId)
    .orderBy('sequence')
    .execute();
  let running = 0n;
  let lowest = 0n;
  for (const row of rows) {
    running += row.amount_minor;
    if (running < lowest) lowest = running;
  }
  return lowest;
}

describe('a ledger under concurrent payments', () => {
  it('lets exactly 33 of 200 concurrent 30.00 disbursements through 1,000.00', async () => {
    const matter = await fundedMatter('1000.00');
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => disburse(accountant, trustAccountId, matter, '30.00')),
    );
    const succeeded = responses.filter((response) => !response.errors);
    const codes = new Set(responses.filter((r) => r.errors).map(errorCode));
    expect(succeeded).toHaveLength(33);
    expect(codes).toEqual(new Set(['INSUFFICIENT_TRUST_FUNDS']));
    expect(await ledgerBalance(accountant, trustAccountId, matter)).toMatchObject({
      balance: '10.00',
      available: '10.00',
    });
    expect(await lowestBalanceSeen(matter)).toBe(0n);
    const verdict = await accountant.request(VERIFY, { id: trustAccountId });
    expect(dataOf(verdict, 'verifyTrustJournal')).toMatchObject({ valid: true });
  });

  it('never overdraws when transfers to operating race disbursements', async () => {
    const matter = await fundedMatter('1000.00');
    const invoiceId = await harness.seedInvoice(firmId, matter, 100_000n);
    const requests = Array.from({ length: 200 }, (_, index) =>
      index % 2 === 0
        ? disburse(accountant, trustAccountId, matter, '30.00')
        : accountant.request(TRANSFER, {
            key: randomUUID(),
            input: { trustAccountId, invoiceId, amount: usd('30.00'), transferredOn: '2026-03-06' },
          }),
    );
    const responses = await Promise.all(requests);
    expect(responses.filter((response) => !response.errors)).toHaveLength(33);
    expect(new Set(responses.filter((r) => r.errors).map(errorCode))).toEqual(
      new Set(['INSUFFICIENT_TRUST_FUNDS']),
    );
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('10.00');
    expect(await lowestBalanceSeen(matter)).toBe(0n);
    const invoice = await harness.database.owner.db
      .selectFrom('invoices')
      .select(['billing_open_minor', 'unapplied_transfers_minor'])
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const transfers = await harness.database.owner.db
      .selectFrom('journal_entries')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    expect(invoice).toEqual({
      billing_open_minor: 100_000n,
      unapplied_transfers_minor: BigInt(transfers.count) * 3_000n,
    });
  });
});
