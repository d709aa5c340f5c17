import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '@lexfin/testing';
import {
  billingMatterEvents,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';
import {
  APPROVE,
  CLEAR,
  deposit,
  disburse,
  errorCode,
  ledgerBalance,
  openAccount,
  RETURN_DEPOSIT,
  REVERSE,
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

describe('a ledger under every kind of posting at once', () => {
  it('goes below zero only through a returned deposit, which announces its shortage', async () => {
    const account = await openAccount(accountant, {
      disbursementApprovalThreshold: usd('50.00'),
    });
    const partner = await harness.as(firmId, ['partner']);
    const { matter, events } = billingMatterEvents(firmId);
    await harness.seedBilling(firmId, events);
    const invoiceId = await harness.seedInvoice(firmId, matter, 100_000n);
    const keyed = (variables: Record<string, unknown>) => ({ key: randomUUID(), ...variables });
    await deposit(accountant, account, matter, '1000.00', 'WIRE');
    const wires = [
      await deposit(accountant, account, matter, '50.00', 'WIRE'),
      await deposit(accountant, account, matter, '50.00', 'WIRE'),
    ];
    const checks = [];
    for (let index = 0; index < 6; index += 1) {
      checks.push(await deposit(accountant, account, matter, '100.00', 'CHECK'));
    }
    const collected = checks.slice(0, 3);
    for (const check of collected) {
      dataOf(
        await accountant.request(CLEAR, keyed({ depositId: check.id, clearedOn: '2026-03-03' })),
        'markTrustDepositCleared',
      );
    }
    const pending: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const requested = dataOf<{ id: string; status: string }>(
        await disburse(accountant, account, matter, '80.00'),
        'recordTrustDisbursement',
      );
      expect(requested.status).toBe('PENDING_APPROVAL');
      pending.push(requested.id);
    }
    const paid: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      paid.push(
        dataOf<{ entryId: string }>(
          await disburse(accountant, account, matter, '20.00'),
          'recordTrustDisbursement',
        ).entryId,
      );
    }

    const reverse = (entryId: string) =>
      partner.request(REVERSE, keyed({ entryId, reason: 'Error', reversedOn: '2026-03-06' }));
    const mayBeRefused = [
      ...pending.map((id) => partner.request(APPROVE, keyed({ id }))),
      ...Array.from({ length: 20 }, () => disburse(accountant, account, matter, '30.00')),
      ...Array.from({ length: 10 }, () =>
        accountant.request(TRANSFER, {
          key: randomUUID(),
          input: {
            trustAccountId: account,
            invoiceId,
            amount: usd('30.00'),
            transferredOn: '2026-03-06',
          },
        }),
      ),
      ...wires.map((wire) => reverse(wire.entryId)),
    ];
    const alwaysAccepted = [
      ...collected.map((check) =>
        accountant.request(
          RETURN_DEPOSIT,
          keyed({ depositId: check.id, returnedOn: '2026-03-06', reason: 'NSF' }),
        ),
      ),
      ...checks
        .slice(3)
        .map((check) =>
          accountant.request(CLEAR, keyed({ depositId: check.id, clearedOn: '2026-03-06' })),
        ),
      ...paid.map(reverse),
    ];
    const [refusable, accepted] = await Promise.all([
      Promise.all(mayBeRefused),
      Promise.all(alwaysAccepted),
    ]);

    expect(accepted.filter((response) => response.errors)).toEqual([]);
    expect(new Set(refusable.filter((response) => response.errors).map(errorCode))).toEqual(
      new Set(['INSUFFICIENT_TRUST_FUNDS']),
    );
    expect(refusable.filter((response) => !response.errors).length).toBeGreaterThan(0);

    const entries = await harness.database.owner.db
      .selectFrom('journal_entries')
      .select(['entry_type', 'amount_minor', 'source_id'])
      .where('matter_id', '=', matter.matterId)
      .where('trust_account_id', '=', account)
      .orderBy('sequence')
      .execute();
    const shortageDeposits = await harness.database.owner.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'lexfin.trust.shortage.detected.v1')
      .where('payload', 'like', `%${matter.matterId}%`)
      .execute();
    let running = 0n;
    for (const entry of entries) {
      running += entry.amount_minor;
      if (entry.amount_minor < 0n && running < 0n) {
        expect(entry.entry_type).toBe('DEPOSIT_RETURNED');
        expect(
          shortageDeposits.map(
            (row) => (JSON.parse(row.payload) as { data: { depositId: string } }).data.depositId,
          ),
        ).toContain(entry.source_id);
      }
    }
    const ledger = await ledgerBalance(accountant, account, matter);
    expect(BigInt(ledger.balance.replace('.', ''))).toBe(running);
    expect(ledger.uncleared).toBe('0.00');
    const verdict = await accountant.request(VERIFY, { id: account });
    expect(dataOf(verdict, 'verifyTrustJournal')).toMatchObject({ valid: true });
  });
});
