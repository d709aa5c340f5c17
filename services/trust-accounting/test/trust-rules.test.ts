import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { GraphQLClient } from '@lexfin/testing';
import {
  billingMatterEvents,
  startTrustHarness,
  type OpenedMatter,
  type TrustHarness,
} from './harness';
import {
  APPROVE,
  BANK_CHARGE,
  CLEAR,
  dataOf,
  deposit,
  DEPOSIT,
  disburse,
  errorCode,
  ledgerBalance,
  openAccount,
  REJECT,
  RETURN_DEPOSIT,
  REVERSE,
  TRANSFER,
  usd,
  VERIFY,
} from './operations';
import { SIGN_OFF, startReconciliation } from './reconciliation-operations';

let harness: TrustHarness;
let accountant: GraphQLClient;
let trustAccountId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
  trustAccountId = await openAccount(accountant, {
    disbursementApprovalThreshold: usd('5000.00'),
  });
});

afterAll(() => harness.close());

async function newMatter(evergreenMinimum: string | null = null): Promise<OpenedMatter> {
  const { matter, events } = billingMatterEvents(firmId, { evergreenMinimum });
  await harness.seedBilling(firmId, events);
  return matter;
}

async function outboxTypes(): Promise<string[]> {
  const rows = await harness.database.owner.db
    .selectFrom('outbox')
    .select('event_type')
    .where('firm_id', '=', firmId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.event_type);
}

describe('only collected funds are paid out', () => {
  it('holds an uncleared check deposit back until it clears: FUNDS_NOT_CLEARED', async () => {
    const matter = await newMatter();
    const check = await deposit(accountant, trustAccountId, matter, '500.00', 'CHECK');
    expect(check.status).toBe('UNCLEARED');
    const refused = await disburse(accountant, trustAccountId, matter, '100.00');
    expect(errorCode(refused)).toBe('FUNDS_NOT_CLEARED');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      available: '0.00',
      requested: '100.00',
    });

    const cleared = await accountant.request(CLEAR, {
      key: randomUUID(),
      depositId: check.id,
      clearedOn: '2026-03-04',
    });
    expect(dataOf(cleared, 'markTrustDepositCleared')).toMatchObject({ status: 'CLEARED' });
    expect((await disburse(accountant, trustAccountId, matter, '100.00')).errors).toBeUndefined();
    expect(await ledgerBalance(accountant, trustAccountId, matter)).toEqual({
      balance: '400.00',
      available: '400.00',
      uncleared: '0.00',
    });
  });

  it('treats methods the firm marks immediately available as cleared', async () => {
    const matter = await newMatter();
    expect(
      (await deposit(accountant, trustAccountId, matter, '50.00', 'CASHIERS_CHECK')).status,
    ).toBe('CLEARED');
  });
});

describe('a ledger never goes below zero', () => {
  it('refuses more than the balance with INSUFFICIENT_TRUST_FUNDS naming both amounts', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '20.00');
    const refused = await disburse(accountant, trustAccountId, matter, '20.01');
    expect(errorCode(refused)).toBe('INSUFFICIENT_TRUST_FUNDS');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      available: '20.00',
      requested: '20.01',
    });
  });

  it('refuses to reverse a deposit whose money was already paid out', async () => {
    const matter = await newMatter();
    const wire = await deposit(accountant, trustAccountId, matter, '100.00');
    await disburse(accountant, trustAccountId, matter, '60.00');
    const refused = await accountant.request(REVERSE, {
      key: randomUUID(),
      entryId: wire.entryId,
      reason: 'Wrong matter',
      reversedOn: '2026-03-06',
    });
    expect(errorCode(refused)).toBe('INSUFFICIENT_TRUST_FUNDS');
  });
});

describe('segregation of duties', () => {
  it('holds a disbursement above the threshold for a different approver', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '9000.00');
    const requested = dataOf<{ id: string; status: string }>(
      await disburse(accountant, trustAccountId, matter, '6000.00'),
      'recordTrustDisbursement',
    );
    expect(requested.status).toBe('PENDING_APPROVAL');
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('9000.00');

    const self = await accountant.request(APPROVE, { key: randomUUID(), id: requested.id });
    expect(errorCode(self)).toBe('SELF_APPROVAL_FORBIDDEN');
    const clerk = await harness.as(firmId, ['billing_clerk']);
    expect(errorCode(await clerk.request(APPROVE, { key: randomUUID(), id: requested.id }))).toBe(
      'FORBIDDEN',
    );

    const partner = await harness.as(firmId, ['partner']);
    const approved = await partner.request(APPROVE, { key: randomUUID(), id: requested.id });
    expect(dataOf(approved, 'approveTrustDisbursement')).toMatchObject({ status: 'RECORDED' });
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('3000.00');
    const again = await partner.request(APPROVE, { key: randomUUID(), id: requested.id });
    expect(errorCode(again)).toBe('CONFLICT');
    const types = await outboxTypes();
    expect(types).toEqual(
      expect.arrayContaining([
        'lexfin.trust.disbursement.requested.v1',
        'lexfin.trust.disbursement.approved.v1',
        'lexfin.trust.disbursement.recorded.v1',
      ]),
    );
  });

  it('rejects a pending disbursement without moving money', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '8000.00');
    const requested = dataOf<{ id: string }>(
      await disburse(accountant, trustAccountId, matter, '7000.00'),
      'recordTrustDisbursement',
    );
    const partner = await harness.as(firmId, ['partner']);
    const rejected = await partner.request(REJECT, {
      key: randomUUID(),
      id: requested.id,
      reason: 'Payee not verified',
    });
    expect(dataOf(rejected, 'rejectTrustDisbursement')).toMatchObject({ status: 'REJECTED' });
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('8000.00');
  });
});

describe('trust holds only client money', () => {
  it('refuses firm money into a client ledger: COMMINGLING_FORBIDDEN', async () => {
    const matter = await newMatter();
    const response = await accountant.request(DEPOSIT, {
      key: randomUUID(),
      input: {
        trustAccountId,
        fundsOwner: 'FIRM',
        ...matter,
        amount: usd('100.00'),
        method: 'WIRE',
        receivedOn: '2026-03-02',
        payor: 'Firm operating account',
      },
    });
    expect(errorCode(response)).toBe('COMMINGLING_FORBIDDEN');
  });

  it('pays bank charges from the firm-funds ledger only, never from client money', async () => {
    const charge = () =>
      accountant.request(BANK_CHARGE, {
        key: randomUUID(),
        input: {
          trustAccountId,
          amount: usd('15.00'),
          chargedOn: '2026-03-31',
          description: 'Monthly fee',
        },
      });
    expect(errorCode(await charge())).toBe('INSUFFICIENT_TRUST_FUNDS');
    await accountant.request(DEPOSIT, {
      key: randomUUID(),
      input: {
        trustAccountId,
        fundsOwner: 'FIRM',
        amount: usd('50.00'),
        method: 'WIRE',
        receivedOn: '2026-03-02',
        payor: 'Firm operating account',
      },
    });
    expect(dataOf(await charge(), 'recordBankCharge')).toMatchObject({ entryType: 'BANK_CHARGE' });
  });
});

describe('transfers to operating', () => {
  it('never exceed the open amount billing reported: OVER_TRANSFER', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '1000.00');
    const invoiceId = await harness.seedInvoice(firmId, matter, 40_000n);
    const transfer = (amount: string) =>
      accountant.request(TRANSFER, {
        key: randomUUID(),
        input: { trustAccountId, invoiceId, amount: usd(amount), transferredOn: '2026-03-10' },
      });
    expect(dataOf(await transfer('300.00'), 'transferTrustToOperating')).toMatchObject({
      invoiceId,
      amount: usd('-300.00'),
    });
    const over = await transfer('100.01');
    expect(errorCode(over)).toBe('OVER_TRANSFER');
    expect(over.errors?.[0]?.extensions).toMatchObject({ open: '100.00', requested: '100.01' });
  });

  it('names an invoice billing never reported: NOT_FOUND', async () => {
    const response = await accountant.request(TRANSFER, {
      key: randomUUID(),
      input: {
        trustAccountId,
        invoiceId: randomUUID(),
        amount: usd('1.00'),
        transferredOn: '2026-03-10',
      },
    });
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.message).toContain('billing has not reported it');
  });
});

describe('returned deposits', () => {
  it('reverse the deposit; a ledger left negative is a shortage, announced at once', async () => {
    const matter = await newMatter();
    const check = await deposit(accountant, trustAccountId, matter, '500.00', 'CHECK');
    await accountant.request(CLEAR, {
      key: randomUUID(),
      depositId: check.id,
      clearedOn: '2026-03-03',
    });
    await disburse(accountant, trustAccountId, matter, '400.00');
    const returned = await accountant.request(RETURN_DEPOSIT, {
      key: randomUUID(),
      depositId: check.id,
      returnedOn: '2026-03-09',
      reason: 'NSF',
    });
    expect(dataOf(returned, 'recordTrustDepositReturned')).toMatchObject({
      status: 'RETURNED',
      ledgerBalance: usd('-400.00'),
    });
    const shortage = await harness.database.owner.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'lexfin.trust.shortage.detected.v1')
      .where('firm_id', '=', firmId)
      .execute();
    expect(shortage.map((row) => JSON.parse(row.payload).data)).toContainEqual(
      expect.objectContaining({ matterId: matter.matterId, shortage: usd('400.00') }),
    );
  });
});

describe('the journal', () => {
  it('fixes a mistake with a reversing entry that names it, once', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '100.00');
    const paid = dataOf<{ entryId: string }>(
      await disburse(accountant, trustAccountId, matter, '40.00'),
      'recordTrustDisbursement',
    );
    const reverse = () =>
      accountant.request(REVERSE, {
        key: randomUUID(),
        entryId: paid.entryId,
        reason: 'Paid twice',
        reversedOn: '2026-03-07',
      });
    expect(dataOf(await reverse(), 'reverseTrustTransaction')).toMatchObject({
      entryType: 'REVERSAL',
      reversesEntryId: paid.entryId,
      amount: usd('40.00'),
    });
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('100.00');
    expect(errorCode(await reverse())).toBe('CONFLICT');
  });

  it('cannot be changed or deleted by the service role', async () => {
    const db = harness.database.app.db;
    await expect(sql`update journal_entries set amount_minor = 1`.execute(db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`delete from journal_entries`.execute(db)).rejects.toThrow(/permission denied/);
  });

  it('names the first entry someone with database rights altered', async () => {
    const entries = await harness.database.owner.db
      .selectFrom('journal_entries')
      .select(['id', 'sequence'])
      .where('trust_account_id', '=', trustAccountId)
      .orderBy('sequence')
      .execute();
    const victim = entries[1]!;
    const verdict = async () =>
      dataOf<{ valid: boolean; firstBadEntryId: string | null }>(
        await accountant.request(VERIFY, { id: trustAccountId }),
        'verifyTrustJournal',
      );
    expect((await verdict()).valid).toBe(true);
    await sql`update journal_entries set amount_minor = amount_minor + 1 where id = ${victim.id}`.execute(
      harness.database.owner.db,
    );
    expect(await verdict()).toMatchObject({ valid: false, firstBadEntryId: victim.id });
    await sql`update journal_entries set amount_minor = amount_minor - 1 where id = ${victim.id}`.execute(
      harness.database.owner.db,
    );
  });

  it('freezes entries dated in a signed-off period: PERIOD_LOCKED', async () => {
    const other = await openAccount(accountant);
    const matter = await newMatter();
    const started = await startReconciliation(accountant, other, '2026-03-31', '0.00');
    const partner = await harness.as(firmId, ['partner']);
    const signed = await partner.request(SIGN_OFF, {
      key: randomUUID(),
      id: dataOf<{ id: string }>(started, 'startTrustReconciliation').id,
    });
    expect(dataOf(signed, 'signOffTrustReconciliation')).toMatchObject({ status: 'SIGNED_OFF' });
    const response = await accountant.request(DEPOSIT, {
      key: randomUUID(),
      input: {
        trustAccountId: other,
        fundsOwner: 'CLIENT',
        ...matter,
        amount: usd('10.00'),
        method: 'WIRE',
        receivedOn: '2026-03-31',
        payor: 'A. Client',
      },
    });
    expect(errorCode(response)).toBe('PERIOD_LOCKED');
  });
});

describe('evergreen retainers', () => {
  it('announce balance.low when a payment takes a matter below its minimum', async () => {
    const matter = await newMatter('500.00');
    await deposit(accountant, trustAccountId, matter, '600.00');
    await disburse(accountant, trustAccountId, matter, '200.00');
    const low = await harness.database.owner.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'lexfin.trust.balance.low.v1')
      .where('firm_id', '=', firmId)
      .execute();
    expect(low.map((row) => JSON.parse(row.payload).data)).toEqual([
      expect.objectContaining({
        matterId: matter.matterId,
        balance: usd('400.00'),
        minimum: usd('500.00'),
      }),
    ]);
  });
});

describe('idempotency', () => {
  it('answers a repeated key with the first result and moves money once', async () => {
    const matter = await newMatter();
    await deposit(accountant, trustAccountId, matter, '100.00');
    const key = randomUUID();
    const input = {
      trustAccountId,
      ...matter,
      amount: usd('10.00'),
      payee: 'Court',
      purpose: 'Fee',
      method: 'CHECK',
      paidOn: '2026-03-05',
    };
    const mutation = `mutation ($key: String!, $input: RecordTrustDisbursementInput!) {
      recordTrustDisbursement(idempotencyKey: $key, input: $input) { id entryId } }`;
    const first = await accountant.request(mutation, { key, input });
    const second = await accountant.request(mutation, { key, input });
    expect(second.data).toEqual(first.data);
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('90.00');
    const changed = await accountant.request(mutation, {
      key,
      input: { ...input, amount: usd('11.00') },
    });
    expect(errorCode(changed)).toBe('CONFLICT');
  });
});

describe('access', () => {
  it('refuses roles that may not move trust money: FORBIDDEN', async () => {
    const matter = await newMatter();
    const clerk = await harness.as(firmId, ['billing_clerk']);
    expect(errorCode(await disburse(clerk, trustAccountId, matter, '1.00'))).toBe('FORBIDDEN');
  });

  it("shows another firm nothing of this firm's accounts: NOT_FOUND", async () => {
    const stranger = await harness.as(randomUUID(), ['firm_admin']);
    const response = await stranger.request(`query ($id: ID!) { trustAccount(id: $id) { id } }`, {
      id: trustAccountId,
    });
    expect(errorCode(response)).toBe('NOT_FOUND');
  });

  it('lets a client portal login read its own ledger only', async () => {
    const matter = await newMatter();
    const own = await harness.as(firmId, ['client_portal'], undefined, matter.clientId);
    const other = await harness.as(firmId, ['client_portal'], undefined, randomUUID());
    expect((await ledgerBalance(own, trustAccountId, matter)).balance).toBe('0.00');
    await expect(ledgerBalance(other, trustAccountId, matter)).rejects.toThrow(/FORBIDDEN/);
  });

  it('names an unknown matter: NOT_FOUND', async () => {
    const response = await disburse(
      accountant,
      trustAccountId,
      { clientId: randomUUID(), matterId: randomUUID() },
      '1.00',
    );
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.message).toContain('billing has not reported it as opened');
  });
});

describe('bad input', () => {
  it('names each bad field and changes nothing', async () => {
    const matter = await newMatter();
    const tooPrecise = await disburse(accountant, trustAccountId, matter, '12.345');
    expect(tooPrecise.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.amount.amount': expect.stringContaining('at most 2') },
    });
    const badDate = await disburse(accountant, trustAccountId, matter, '1.00', {
      paidOn: '2026-02-30',
    });
    expect(badDate.errors?.[0]?.extensions?.fields).toHaveProperty(['input.paidOn']);
    const wrongCurrency = await disburse(accountant, trustAccountId, matter, '1.00', {
      amount: { amount: '1.00', currency: 'EUR' },
    });
    expect(wrongCurrency.errors?.[0]?.extensions?.fields).toHaveProperty(['input.amount.currency']);
    const negative = await disburse(accountant, trustAccountId, matter, '-5.00');
    expect(negative.errors?.[0]?.extensions?.fields).toHaveProperty(['input.amount.amount']);
    const nul = await disburse(accountant, trustAccountId, matter, '1.00', { payee: 'A\u0000B' });
    expect(nul.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'input.payee': 'must not contain a NUL character' },
    });
  });
});

describe('federation', () => {
  it('resolves Client.trustBalance and Matter.trustBalance for many entities in one go', async () => {
    const first = await newMatter();
    const second = await newMatter();
    await deposit(accountant, trustAccountId, first, '70.00');
    await deposit(accountant, trustAccountId, second, '30.00');
    const response = await accountant.request(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Client { id trustBalance { amount currency } }
        ... on Matter { id trustBalance { amount currency } } } }`,
      {
        reps: [
          { __typename: 'Client', id: first.clientId },
          { __typename: 'Client', id: second.clientId },
          { __typename: 'Matter', id: second.matterId },
          { __typename: 'Client', id: randomUUID() },
        ],
      },
    );
    expect(response.data?._entities).toEqual([
      { id: first.clientId, trustBalance: [usd('70.00')] },
      { id: second.clientId, trustBalance: [usd('30.00')] },
      { id: second.matterId, trustBalance: [usd('30.00')] },
      expect.objectContaining({ trustBalance: [] }),
    ]);
  });
});
