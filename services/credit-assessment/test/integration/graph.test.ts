import { randomUUID } from 'node:crypto';
import { inFirmTransaction } from '@lexfin/persistence';
import { startCreditHarness, type CreditHarness } from '../harness';
import { clientStream } from '../support/events';
import { goodPayer } from '../support/good-payer';

let harness: CreditHarness;
const firmId = randomUUID();
let good: ReturnType<typeof goodPayer>;
let heavy: ReturnType<typeof clientStream>;

beforeAll(async () => {
  harness = await startCreditHarness();
  good = goodPayer(firmId);
  heavy = clientStream(firmId);
  await harness.deliver([
    ...good.events,
    heavy.clientCreated(),
    heavy.timeEntry('30000.00', '2026-06-01'),
    heavy.deposit('1000.00', '2026-06-02'),
  ]);
});

afterAll(() => harness.close());

const PROFILE = /* GraphQL */ `
  query ($id: ID!) {
    creditProfile(clientId: $id) {
      grade
      thinFile
      reasons {
        code
        text
        clientText
        value
      }
      score
      paymentIndex
      onHold
      holds {
        currency
        cause
      }
      exposure {
        currency
        total {
          amount
          currency
        }
        limit {
          amount
        }
        headroom {
          amount
        }
        unbilledWork {
          amount
        }
        trustHeld {
          amount
        }
      }
      daysBeyondTerms {
        mean
        p90
      }
      invoicesPaid
      tenureDays
      trend {
        direction
      }
    }
  }
`;

it('gives credit readers the whole profile', async () => {
  const officer = await harness.as(firmId, ['credit_officer']);
  const response = await officer.request<{ creditProfile: Record<string, unknown> }>(PROFILE, {
    id: heavy.clientId,
  });
  expect(response.errors).toBeUndefined();
  // thin file: limit 25,000.00; 30,000.00 work - 1,000.00 trust = 29,000.00 over it
  expect(response.data?.creditProfile).toMatchObject({
    grade: null,
    thinFile: true,
    reasons: [{ code: 'INSUFFICIENT_HISTORY' }],
    onHold: true,
    holds: [{ currency: 'USD', cause: 'OVER_LIMIT' }],
    exposure: [
      {
        currency: 'USD',
        total: { amount: '29000.00', currency: 'USD' },
        limit: { amount: '25000.00' },
        headroom: { amount: '-4000.00' },
        unbilledWork: { amount: '30000.00' },
        trustHeld: { amount: '1000.00' },
      },
    ],
  });
  const good = await officer.request<{ creditProfile: Record<string, unknown> }>(PROFILE, {
    id: goodClientId(),
  });
  expect(good.data?.creditProfile).toMatchObject({
    grade: 'A',
    score: 670,
    paymentIndex: 80,
    daysBeyondTerms: { mean: 0, p90: 0 },
    invoicesPaid: 3,
    trend: { direction: 'STABLE' },
  });
});

function goodClientId() {
  return good.stream.clientId;
}

it('gives billing clerks and collectors grade and reasons only, the client portal nothing', async () => {
  for (const role of ['billing_clerk', 'collections_agent'] as const) {
    const caller = await harness.as(firmId, [role]);
    const allowed = await caller.request<{ creditProfile: unknown }>(
      `query ($id: ID!) { creditProfile(clientId: $id) { grade reasons { code } } }`,
      { id: goodClientId() },
    );
    expect(allowed.data?.creditProfile).toEqual({
      grade: 'A',
      reasons: [{ code: 'SHORT_RELATIONSHIP' }],
    });
    const denied = await caller.request<{ creditProfile: { score: number | null } }>(
      `query ($id: ID!) { creditProfile(clientId: $id) { grade score exposure { total { amount } } } }`,
      { id: goodClientId() },
    );
    expect(denied.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['creditProfile.score', 'FORBIDDEN'],
      ['creditProfile.exposure', 'FORBIDDEN'],
    ]);
    expect(denied.data?.creditProfile.score).toBeNull();
  }
  const portal = await harness.as(firmId, ['client_portal'], undefined, goodClientId());
  const response = await portal.request(
    `query ($id: ID!) { creditProfile(clientId: $id) { grade } }`,
    { id: goodClientId() },
  );
  expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(response.data?.creditProfile ?? null).toBeNull();
});

it("never shows one firm's client to another firm", async () => {
  const other = await harness.as(randomUUID(), ['credit_officer']);
  const response = await other.request<{ creditProfile: unknown }>(PROFILE, { id: heavy.clientId });
  expect(response.data?.creditProfile).toBeNull();
  const overLimit = await other.request<{ clientsOverLimit: unknown[] }>(
    '{ clientsOverLimit { clientId } }',
  );
  expect(overLimit.data?.clientsOverLimit).toEqual([]);
});

it('resolves many clients and matters in one query each (federated entities)', async () => {
  const officer = await harness.as(firmId, ['partner']);
  const response = await officer.request<{ _entities: unknown[] }>(
    `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Client { id creditProfile { grade } }
        ... on Matter { id exposure { currency total { amount } } } } }`,
    {
      reps: [
        { __typename: 'Client', id: heavy.clientId },
        { __typename: 'Client', id: goodClientId() },
        { __typename: 'Client', id: randomUUID() },
        { __typename: 'Matter', id: heavy.matterId },
      ],
    },
  );
  expect(response.data?._entities).toEqual([
    { id: heavy.clientId, creditProfile: { grade: null } },
    { id: goodClientId(), creditProfile: { grade: 'A' } },
    { id: expect.any(String), creditProfile: null },
    { id: heavy.matterId, exposure: [{ currency: 'USD', total: { amount: '29000.00' } }] },
  ]);
});

it('lists clients over their limit and the portfolio', async () => {
  const officer = await harness.as(firmId, ['firm_admin']);
  const response = await officer.request<Record<string, unknown>>(`{
    clientsOverLimit { clientId overBy { amount currency } }
    creditPortfolio { gradeDistribution { grade clients } exposureByGrade { grade exposure { amount currency } }
      largestExposures { clientId exposure { amount } } }
  }`);
  expect(response.data).toEqual({
    clientsOverLimit: [
      { clientId: heavy.clientId, overBy: { amount: '4000.00', currency: 'USD' } },
    ],
    creditPortfolio: {
      gradeDistribution: [
        { grade: 'A', clients: 1 },
        { grade: 'UNGRADED', clients: 1 },
      ],
      exposureByGrade: [
        { grade: 'A', exposure: [{ amount: '0.00', currency: 'USD' }] },
        { grade: 'UNGRADED', exposure: [{ amount: '29000.00', currency: 'USD' }] },
      ],
      largestExposures: [
        { clientId: heavy.clientId, exposure: { amount: '29000.00' } },
        { clientId: goodClientId(), exposure: { amount: '0.00' } },
      ],
    },
  });
});

it('takes a limit set by a credit officer, and restores the client within it', async () => {
  const SET = `mutation ($id: ID!, $key: String!) { setCreditLimit(clientId: $id, amount: { amount: "40000.00", currency: "USD" },
    reason: "Board approved", idempotencyKey: $key) { limit { amount currency } setBy } }`;
  const clerk = await harness.as(firmId, ['billing_clerk']);
  expect(
    (await clerk.request(SET, { id: heavy.clientId, key: randomUUID() })).errors?.[0]?.extensions
      ?.code,
  ).toBe('FORBIDDEN');
  const officer = await harness.as(firmId, ['credit_officer']);
  const set = await officer.request<{ setCreditLimit: { limit: unknown } }>(SET, {
    id: heavy.clientId,
    key: randomUUID(),
  });
  expect(set.data?.setCreditLimit.limit).toEqual({ amount: '40000.00', currency: 'USD' });
  const outbox = await inFirmTransaction(harness.deps.db, firmId, (tx) =>
    tx
      .selectFrom('outbox')
      .select(['event_type'])
      .where('message_key', 'like', `%${heavy.clientId}%`)
      .orderBy('id')
      .execute(),
  );
  expect(outbox.map((row) => row.event_type)).toEqual([
    'lexfin.credit.limit.breached.v1',
    'lexfin.credit.limit.restored.v1',
  ]);
  const unknown = await officer.request(SET, { id: randomUUID(), key: randomUUID() });
  expect(unknown.errors?.[0]?.extensions?.fields).toEqual({
    clientId: 'is not a client of the firm',
  });
});

it('finds every profile consistent with its facts, for ops only', async () => {
  const ops = await harness.as(firmId, ['ops']);
  const report = await ops.request<{ creditConsistencyCheck: unknown }>(
    '{ creditConsistencyCheck { clientsChecked inconsistent { clientId differences } } }',
  );
  expect(report.data?.creditConsistencyCheck).toEqual({ clientsChecked: 2, inconsistent: [] });
  const officer = await harness.as(firmId, ['credit_officer']);
  expect(
    (await officer.request('{ creditConsistencyCheck { clientsChecked } }')).errors?.[0]?.extensions
      ?.code,
  ).toBe('FORBIDDEN');
});
