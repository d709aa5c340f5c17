/**
 * What a caller sends is checked before it reaches a database: the inputs that once came back
 * as internal errors are typed errors naming the field, the valid fields beside them are still
 * answered, and nothing of a refused field is written.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { graphqlClient, mintToken, type GraphQLClient } from '@lexfin/testing';
import { addSeededPracticeArea, setUpMatter } from '../services/billing/test/support/fixtures';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let clerk: GraphQLClient;
let ids: { clientId: string; matterId: string; timekeeperId: string };
const firmId = randomUUID();
const staff: Role[] = ['billing_clerk', 'partner'];

beforeAll(async () => {
  platform = await startPlatform();
  clerk = graphqlClient(
    `${platform.gatewayUrl}/graphql`,
    await mintToken({ firmId, roles: staff }),
  );
  await addSeededPracticeArea(
    graphqlClient(
      `${platform.gatewayUrl}/graphql`,
      await mintToken({ firmId, roles: ['firm_admin'] }),
    ),
  );
  ids = await setUpMatter(clerk);
});

afterAll(async () => {
  await platform?.close();
});

const timeEntry = (narrative: string) => ({
  matterId: ids.matterId,
  timekeeperId: ids.timekeeperId,
  workDate: '2026-03-02',
  hours: '0.5',
  taskCode: 'L110',
  activityCode: 'A101',
  narrative,
});

const timeEntriesOfMatter = async () =>
  (
    await platform.billingDatabase.owner.db
      .selectFrom('time_entries')
      .select('narrative')
      .where('matter_id', '=', ids.matterId)
      .execute()
  ).map((row) => row.narrative);

/**
 * Mutations answer non-null types, so GraphQL nulls the whole `data` when one of them fails: the
 * valid sibling's answer is checked by its effect instead.
 */
it('refuses a 20-digit amount, naming the field, while its valid sibling takes effect', async () => {
  const response = await clerk.request(
    `mutation($keeper: ID!) {
      good: setTimekeeperRate(input: { timekeeperId: $keeper, effectiveFrom: "2026-06-01", rate: { amount: "310.00", currency: "USD" } }) { id }
      bad: setTimekeeperRate(input: { timekeeperId: $keeper, effectiveFrom: "2026-07-01", rate: { amount: "12345678901234567890", currency: "USD" } }) { id }
    }`,
    { keeper: ids.timekeeperId },
  );
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]).toMatchObject({
    path: ['bad'],
    extensions: {
      code: 'BAD_USER_INPUT',
      fields: { 'rate.amount': 'must be at most 92233720368547758.07 USD either way' },
    },
  });
  const rates = await platform.billingDatabase.owner.db
    .selectFrom('timekeeper_rates')
    .select(['effective_from', 'rate_minor'])
    .where('timekeeper_id', '=', ids.timekeeperId)
    .orderBy('effective_from')
    .execute();
  expect(rates.map((rate) => [rate.effective_from, rate.rate_minor])).toEqual([
    ['2026-01-01', 30000n],
    ['2026-06-01', 31000n],
  ]);
});

it('refuses a NUL character in a narrative, naming the field, and writes nothing of it', async () => {
  const response = await clerk.request(
    `mutation($good: TimeEntryInput!, $bad: TimeEntryInput!) {
      good: recordTimeEntry(input: $good) { id }
      bad: recordTimeEntry(input: $bad) { id }
    }`,
    { good: timeEntry('Reviewed the lease'), bad: timeEntry('Reviewed\u0000the lease') },
  );
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]).toMatchObject({
    path: ['bad'],
    extensions: {
      code: 'BAD_USER_INPUT',
      fields: { narrative: 'must not contain a NUL character' },
    },
  });
  expect(await timeEntriesOfMatter()).toEqual(['Reviewed the lease']);
});

it('answers a valid id and refuses a non-UUID one beside it', async () => {
  const response = await clerk.request<{ good: { id: string } | null; bad: unknown }>(
    `query($id: ID!) { good: client(id: $id) { id } bad: client(id: "client-1") { id } }`,
    { id: ids.clientId },
  );
  expect(response.data?.good).toEqual({ id: ids.clientId });
  expect(response.data?.bad ?? null).toBeNull();
  expect(response.errors![0]).toMatchObject({
    path: ['bad'],
    extensions: { code: 'BAD_USER_INPUT', fields: { id: 'must be an id (UUID)' } },
  });
});

it('refuses a forged invoices(after:) cursor as BAD_USER_INPUT naming the argument', async () => {
  // The shape cursors had before: it decoded, then failed inside PostgreSQL.
  const forged = Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url');
  const response = await clerk.request(
    'query($after: String) { invoices(after: $after) { nodes { id } } }',
    { after: forged },
  );
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]).toMatchObject({
    path: ['invoices'],
    extensions: {
      code: 'BAD_USER_INPUT',
      fields: { after: 'is not a cursor this query returned' },
    },
  });
});

it('refuses a signed token whose firm_id is not a UUID as UNAUTHENTICATED', async () => {
  const token = await mintToken({ firmId: 'harbour-law', roles: staff });
  const response = await graphqlClient(`${platform.gatewayUrl}/graphql`, token).request(
    '{ clients { id } }',
  );
  expect(response.status).toBe(401);
  expect(response.errors![0]).toMatchObject({
    message: 'The token firm_id claim is not a UUID',
    extensions: { code: 'UNAUTHENTICATED' },
  });
});
