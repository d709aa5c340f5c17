/**
 * Issue 10, item 2: whatever a caller sends, the answer is never an internal error. Every query
 * and mutation of every service's subgraph is called through the gateway with a token holding
 * every staff role and valid arguments but one hostile value (huge and tiny numbers, exponents,
 * NULs, non-UUIDs, forged cursors, long strings, wrong enums, impossible dates), one place at a
 * time. A refused call writes nothing: row counts and the outbox stay as they were. The walk is
 * derived from the schemas, so an operation added later is walked without changing this test.
 */
import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { sql, type Kysely } from 'kysely';
import { ROLES, type Role } from '@lexfin/platform';
import { graphqlClient, mintToken, type GraphQLClient } from '@lexfin/testing';
import { billingService } from '../services/billing/src/service';
import { creditAssessmentService } from '../services/credit-assessment/src/service';
import { collectionsService } from '../services/collections/src/service';
import { trustAccountingService } from '../services/trust-accounting/src/service';
import { webhooksService } from '../services/webhooks/src/service';
import { hostileCases, type HostileCase } from './support/hostile-walk';
import { startPlatform, type Platform } from './support/platform';

const SEED = 20261202;
let platform: Platform;
let client: GraphQLClient;

beforeAll(async () => {
  // Consumers off: what one accepted call publishes must not change another service's rows
  // while a refused call is being checked.
  platform = await startPlatform({
    env: { GATEWAY_RATE_LIMIT_PER_MINUTE: '10000000' },
    without: ['consumers', 'jobs'],
  });
  const staff = ROLES.filter((role): role is Role => role !== 'client_portal');
  client = graphqlClient(
    `${platform.gatewayUrl}/graphql`,
    await mintToken({ firmId: randomUUID(), roles: staff }),
  );
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

/** Rows in every table of a service database, the outbox included. */
async function rowCount(db: Kysely<unknown>): Promise<bigint> {
  const { rows } = await sql<{ total: string }>`
    select coalesce(sum((xpath('/row/c/text()',
      query_to_xml(format('select count(*) as c from %I', table_name), false, true, '')))[1]::text::bigint), 0) as total
    from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not like 'schema_migrations%'`.execute(db);
  return BigInt(rows[0]!.total);
}

const databases = () => [
  platform.billingDatabase.owner.db,
  platform.trustDatabase.owner.db,
  platform.creditDatabase.owner.db,
  platform.collectionsDatabase.owner.db,
  platform.webhooksDatabase.owner.db,
];
const totals = () => Promise.all(databases().map((db) => rowCount(db as Kysely<unknown>)));

it('answers every operation, with any one hostile argument, without an internal error', async () => {
  const schemas = [
    billingService,
    trustAccountingService,
    creditAssessmentService,
    collectionsService,
    webhooksService,
  ].map((service) => buildSubgraphSchema([{ typeDefs: service.subgraph!.typeDefs }]));
  const cases: HostileCase[] = schemas.flatMap((schema, index) =>
    hostileCases(schema, SEED + index),
  );
  const everyOperation = schemas.flatMap((schema) =>
    [schema.getQueryType(), schema.getMutationType()].flatMap((root) =>
      Object.keys(root?.getFields() ?? {}).filter((name) => !name.startsWith('_')),
    ),
  );
  const internal: string[] = [];
  const written: string[] = [];
  let before = await totals();
  for (const one of cases) {
    const response = await client.request(one.document, one.variables);
    const label = `${one.operation} ${one.path}=${JSON.stringify(one.value)?.slice(0, 60)}`;
    if (
      response.status >= 500 ||
      response.errors?.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')
    ) {
      internal.push(
        `${label}: ${response.status} ${JSON.stringify(response.errors)?.slice(0, 300)}`,
      );
    }
    if (one.kind === 'mutation') {
      const after = await totals();
      if (response.errors?.length && after.some((total, index) => total !== before[index])) {
        written.push(
          `${label}: refused, but rows changed ${before.join('/')} -> ${after.join('/')}`,
        );
      }
      before = after;
    }
  }
  expect(internal).toEqual([]);
  expect(written).toEqual([]);
  // Every operation of every subgraph was walked, each with hostile values where it has arguments.
  expect(new Set(cases.map((one) => one.operation))).toEqual(new Set(everyOperation));
}, 600_000);
