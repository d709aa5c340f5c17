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
  CLEAR,
  dataOf,
  deposit,
  disburse,
  errorCode,
  ledgerBalance,
  openAccount,
  RETURN_DEPOSIT,
  usd,
  VERIFY,
} from './operations';

// Issue 10 item 3: a returned deposit that leaves a client's ledger below zero is a shortage the
// firm must cover from its own operating money; the books must list it until it is covered.

const SHORTAGE_FIELDS = `id trustAccountId clientId matterId status since coveredOn depositId
  causedByEntryId amount { amount currency } covered { amount currency } open { amount currency }
  covers { id entryType sourceId reference effectiveDate amount { amount currency } }`;

const SHORTAGES = `query ($trustAccountId: ID!, $status: TrustShortageFilter!) {
  trustShortages(trustAccountId: $trustAccountId, status: $status) { ${SHORTAGE_FIELDS} }
}`;

const COVER = `mutation ($key: String!, $shortageId: ID!, $amount: MoneyInput!, $reference: String!, $coveredOn: String!) {
  coverTrustShortage(idempotencyKey: $key, shortageId: $shortageId, amount: $amount, reference: $reference, coveredOn: $coveredOn) {
    ${SHORTAGE_FIELDS}
  }
}`;

const JOURNAL = `query ($trustAccountId: ID!) {
  trustJournal(trustAccountId: $trustAccountId, from: "2026-01-01", to: "2026-12-31") {
    id entryType sourceId reference amount { amount }
  }
}`;

interface Shortage {
  id: string;
  clientId: string;
  matterId: string;
  status: string;
  since: string;
  coveredOn: string | null;
  depositId: string;
  causedByEntryId: string;
  amount: { amount: string; currency: string };
  covered: { amount: string; currency: string };
  open: { amount: string; currency: string };
  covers: { id: string; entryType: string; sourceId: string; amount: { amount: string } }[];
}

let harness: TrustHarness;
let accountant: GraphQLClient;
let partner: GraphQLClient;
let trustAccountId: string;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
  partner = await harness.as(firmId, ['partner']);
  trustAccountId = await openAccount(accountant);
});

afterAll(() => harness.close());

/** A matter whose 500.00 check cleared, 300.00 was paid out and the check then bounced. */
async function matterShort300(): Promise<{ matter: OpenedMatter; depositId: string }> {
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  const check = await deposit(accountant, trustAccountId, matter, '500.00', 'CHECK');
  await accountant.request(CLEAR, {
    key: randomUUID(),
    depositId: check.id,
    clearedOn: '2026-03-03',
  });
  expect((await disburse(accountant, trustAccountId, matter, '300.00')).errors).toBeUndefined();
  const returned = await accountant.request(RETURN_DEPOSIT, {
    key: randomUUID(),
    depositId: check.id,
    returnedOn: '2026-03-09',
    reason: 'NSF',
  });
  expect(dataOf(returned, 'recordTrustDepositReturned')).toMatchObject({
    ledgerBalance: usd('-300.00'),
  });
  return { matter, depositId: check.id };
}

async function shortages(status: string, client = accountant): Promise<Shortage[]> {
  return dataOf<Shortage[]>(
    await client.request(SHORTAGES, { trustAccountId, status }),
    'trustShortages',
  );
}

function cover(
  client: GraphQLClient,
  shortageId: string,
  amount: { amount: string; currency: string },
  key = randomUUID(),
) {
  return client.request(COVER, {
    key,
    shortageId,
    amount,
    reference: 'Operating transfer 7781',
    coveredOn: '2026-03-10',
  });
}

describe('open trust shortages', () => {
  it('lists a returned deposit’s shortage as open, with its matter, amount and since when', async () => {
    const { matter, depositId } = await matterShort300();
    const open = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);
    expect(open).toHaveLength(1);
    const ledger = dataOf<{ entries: { entry: { id: string; entryType: string } }[] }>(
      await accountant.request(
        `query ($trustAccountId: ID!, $clientId: ID!, $matterId: ID!) {
          clientLedger(trustAccountId: $trustAccountId, clientId: $clientId, matterId: $matterId) {
            entries { entry { id entryType } }
          }
        }`,
        { trustAccountId, ...matter },
      ),
      'clientLedger',
    );
    const returnedEntry = ledger.entries.find(
      (line) => line.entry.entryType === 'DEPOSIT_RETURNED',
    );
    expect(open[0]).toEqual({
      id: expect.any(String),
      trustAccountId,
      clientId: matter.clientId,
      matterId: matter.matterId,
      status: 'OPEN',
      since: '2026-03-09',
      coveredOn: null,
      depositId,
      causedByEntryId: returnedEntry!.entry.id,
      amount: usd('300.00'),
      covered: usd('0.00'),
      open: usd('300.00'),
      covers: [],
    });
    expect((await shortages('COVERED')).map((s) => s.matterId)).not.toContain(matter.matterId);
    expect((await shortages('ALL', partner)).map((s) => s.matterId)).toContain(matter.matterId);
  });

  it('a partial cover leaves the rest open; a full cover closes it and restores the ledger', async () => {
    const { matter } = await matterShort300();
    const [shortage] = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);

    const partial = dataOf<Shortage>(
      await cover(partner, shortage!.id, usd('100.00')),
      'coverTrustShortage',
    );
    expect(partial).toMatchObject({
      status: 'OPEN',
      covered: usd('100.00'),
      open: usd('200.00'),
      coveredOn: null,
    });
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('-200.00');

    const full = dataOf<Shortage>(
      await cover(accountant, shortage!.id, usd('200.00')),
      'coverTrustShortage',
    );
    expect(full).toMatchObject({
      status: 'COVERED',
      amount: usd('300.00'),
      covered: usd('300.00'),
      open: usd('0.00'),
      coveredOn: '2026-03-10',
    });
    expect(
      full.covers.map((entry) => [entry.entryType, entry.sourceId, entry.amount.amount]),
    ).toEqual([
      ['SHORTAGE_COVER', shortage!.id, '100.00'],
      ['SHORTAGE_COVER', shortage!.id, '200.00'],
    ]);
    expect(await ledgerBalance(accountant, trustAccountId, matter)).toMatchObject({
      balance: '0.00',
    });
    expect((await shortages('OPEN')).map((s) => s.id)).not.toContain(shortage!.id);
    expect((await shortages('COVERED')).map((s) => s.id)).toContain(shortage!.id);

    const again = await cover(accountant, shortage!.id, usd('0.01'));
    expect(errorCode(again)).toBe('CONFLICT');
  });

  it('the cover is a journal entry naming the shortage: chain valid, journal equals the ledgers', async () => {
    const { matter } = await matterShort300();
    const [shortage] = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);
    dataOf(await cover(accountant, shortage!.id, usd('300.00')), 'coverTrustShortage');

    const journal = dataOf<{ entryType: string; sourceId: string; reference: string }[]>(
      await accountant.request(JOURNAL, { trustAccountId }),
      'trustJournal',
    );
    expect(journal.filter((entry) => entry.sourceId === shortage!.id)).toEqual([
      expect.objectContaining({
        entryType: 'SHORTAGE_COVER',
        reference: 'Operating transfer 7781',
      }),
    ]);
    expect(
      dataOf(await accountant.request(VERIFY, { id: trustAccountId }), 'verifyTrustJournal'),
    ).toMatchObject({ valid: true });
    const totals = await sql<{ journal: string; ledgers: string }>`
      select (select coalesce(sum(amount_minor), 0) from journal_entries
                where trust_account_id = ${trustAccountId})::text as journal,
             (select coalesce(sum(balance_minor), 0) from ledgers
                where trust_account_id = ${trustAccountId})::text as ledgers`.execute(
      harness.database.owner.db,
    );
    expect(totals.rows[0]!.journal).toBe(totals.rows[0]!.ledgers);

    const events = await harness.database.owner.db
      .selectFrom('outbox')
      .select('payload')
      .where('event_type', '=', 'lexfin.trust.shortage.covered.v1')
      .where('firm_id', '=', firmId)
      .execute();
    expect(events.map((row) => JSON.parse(row.payload).data)).toContainEqual(
      expect.objectContaining({
        shortageId: shortage!.id,
        matterId: matter.matterId,
        amount: usd('300.00'),
        open: usd('0.00'),
        covered: true,
      }),
    );
  });

  it('a repeated idempotency key covers once', async () => {
    const { matter } = await matterShort300();
    const [shortage] = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);
    const key = randomUUID();
    const first = dataOf<Shortage>(
      await cover(accountant, shortage!.id, usd('50.00'), key),
      'coverTrustShortage',
    );
    const second = dataOf<Shortage>(
      await cover(accountant, shortage!.id, usd('50.00'), key),
      'coverTrustShortage',
    );
    expect(second).toEqual(first);
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('-250.00');
    const [now] = (await shortages('OPEN')).filter((s) => s.id === shortage!.id);
    expect(now).toMatchObject({ covered: usd('50.00'), open: usd('250.00') });
    expect(now!.covers).toHaveLength(1);
  });

  it('refuses more than is open, another currency and people who may not cover, changing nothing', async () => {
    const { matter } = await matterShort300();
    const [shortage] = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);

    const over = await cover(accountant, shortage!.id, usd('300.01'));
    expect(errorCode(over)).toBe('OVER_COVER');
    expect(over.errors?.[0]?.extensions).toMatchObject({
      field: 'amount',
      open: '300.00',
      requested: '300.01',
    });

    const euros = await cover(accountant, shortage!.id, { amount: '10.00', currency: 'EUR' });
    expect(errorCode(euros)).toBe('BAD_USER_INPUT');
    expect(euros.errors?.[0]?.extensions?.fields).toHaveProperty(['amount.currency']);

    const clerk = await harness.as(firmId, ['billing_clerk']);
    expect(errorCode(await cover(clerk, shortage!.id, usd('10.00')))).toBe('FORBIDDEN');
    expect(errorCode(await clerk.request(SHORTAGES, { trustAccountId, status: 'ALL' }))).toBe(
      'FORBIDDEN',
    );

    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('-300.00');
    const [unchanged] = (await shortages('OPEN')).filter((s) => s.id === shortage!.id);
    expect(unchanged).toMatchObject({ covered: usd('0.00'), open: usd('300.00'), covers: [] });
  });

  it('firm B sees no shortage of firm A and cannot cover one', async () => {
    const { matter } = await matterShort300();
    const [shortage] = (await shortages('OPEN')).filter((s) => s.matterId === matter.matterId);
    const otherFirm = randomUUID();
    const other = await harness.as(otherFirm, ['trust_accountant']);
    const otherAccountId = await openAccount(other);

    const own = await other.request(SHORTAGES, { trustAccountId: otherAccountId, status: 'ALL' });
    expect(dataOf<Shortage[]>(own, 'trustShortages')).toEqual([]);
    expect(errorCode(await other.request(SHORTAGES, { trustAccountId, status: 'ALL' }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await cover(other, shortage!.id, usd('10.00')))).toBe('NOT_FOUND');
    expect((await ledgerBalance(accountant, trustAccountId, matter)).balance).toBe('-300.00');
  });
});
