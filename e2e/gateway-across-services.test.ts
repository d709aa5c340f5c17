/**
 * The whole path a firm front-end takes: one token, one endpoint (the gateway), data from two
 * services. Billing creates the client and matter; trust-accounting learns of them over Kafka and
 * takes a deposit; the gateway answers `Client { trustBalance }` from both. Another firm sees
 * nothing of it, and a client_portal login sees only its own client.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Messaging, RunningConsumer } from '@lexfin/messaging';
import { createAuthenticator, createLogger, type HttpApp, type Role } from '@lexfin/platform';
import {
  createTestMessaging,
  createTestDatabase,
  graphqlClient,
  mintToken,
  redisUrl,
  uniqueName,
  uniqueRedisPrefix,
  waitUntil,
  type TestDatabase,
} from '@lexfin/testing';
import { billingMigrations } from '../services/billing/src/db/migrations';
import type { BillingDatabase } from '../services/billing/src/db/tables';
import { typeDefs as billingTypeDefs } from '../services/billing/src/graphql/type-defs';
import { createBillingService, type BillingService } from '../services/billing/src/service';
import { createApolloEngine } from '../services/gateway/src/apollo-engine';
import { buildGatewayApp } from '../services/gateway/src/gateway-app';
import { createFirmRateLimiter } from '../services/gateway/src/guards/firm-rate-limit';
import { composeSubgraphs } from '../services/gateway/src/supergraph/compose-supergraph';
import { startBillingReplica } from '../services/trust-accounting/src/consumers/billing-replica';
import { appendOnlyTables, trustMigrations } from '../services/trust-accounting/src/db/migrations';
import type { TrustDatabase } from '../services/trust-accounting/src/db/schema';
import { typeDefs as trustTypeDefs } from '../services/trust-accounting/src/graphql/type-defs';
import { buildTrustService } from '../services/trust-accounting/src/service';

const logger = createLogger({ service: 'e2e', level: 'silent' });
const authenticator = createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET });
let billingDatabase: TestDatabase<BillingDatabase>;
let trustDatabase: TestDatabase<TrustDatabase>;
let messaging: Messaging;
let billing: BillingService;
let trust: HttpApp;
let replica: RunningConsumer;
let gateway: HttpApp;
let redis: Redis;
let gatewayUrl: string;

const listenUrl = async (app: HttpApp) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
};

beforeAll(async () => {
  [billingDatabase, trustDatabase] = await Promise.all([
    createTestDatabase<BillingDatabase>({ label: 'billing', migrations: billingMigrations }),
    createTestDatabase<TrustDatabase>({
      label: 'trust',
      migrations: trustMigrations,
      appendOnlyTables,
    }),
  ]);
  messaging = createTestMessaging(uniqueName('e2e'));
  billing = await createBillingService({
    database: billingDatabase.app,
    messaging,
    redisUrl: redisUrl(),
    redisPrefix: uniqueRedisPrefix(),
    consumerGroup: uniqueName('billing'),
    authenticator,
    logger,
  });
  const billingUrl = `${await billing.listen('127.0.0.1', 0)}/graphql`;
  trust = await buildTrustService({
    db: trustDatabase.app.db,
    logger,
    authenticator,
    readiness: {},
  });
  const trustUrl = await listenUrl(trust);
  replica = await startBillingReplica({
    messaging,
    db: trustDatabase.app.db,
    consumerGroup: uniqueName('trust-replica'),
  });

  redis = new Redis(redisUrl());
  gateway = buildGatewayApp({
    logger,
    authenticator,
    engine: await createApolloEngine({
      supergraphSdl: composeSubgraphs([
        { name: 'billing', url: billingUrl, typeDefs: billingTypeDefs },
        { name: 'trust-accounting', url: trustUrl, typeDefs: trustTypeDefs },
      ]),
    }),
    rateLimiter: createFirmRateLimiter(
      redis,
      { requestsPerWindow: 1_000, windowSeconds: 60 },
      uniqueRedisPrefix(),
    ),
    limits: { maxDepth: 12, maxCost: 2_000 },
    bodyLimitBytes: 100 * 1024,
    readiness: {},
  });
  gatewayUrl = await listenUrl(gateway);
});

afterAll(async () => {
  await gateway.close();
  await replica.stop();
  await trust.close();
  await billing.close();
  await messaging.close();
  redis.disconnect();
  await Promise.all([billingDatabase.drop(), trustDatabase.drop()]);
});

const staff: Role[] = ['firm_admin', 'billing_clerk', 'trust_accountant', 'partner'];
const asCaller = async (firmId: string, roles: Role[], clientId?: string, correlationId?: string) =>
  graphqlClient(
    gatewayUrl,
    await mintToken({ firmId, roles, clientId }),
    correlationId ? { 'x-correlation-id': correlationId } : {},
  );

interface ClientView {
  id: string;
  displayName: string;
  trustBalance: Array<{ amount: string; currency: string }>;
}

async function createClientWithMatter(firmId: string, displayName: string, correlationId?: string) {
  const firmA = await asCaller(firmId, staff, undefined, correlationId);
  const created = await firmA.request<{ createClient: { id: string } }>(
    'mutation($input: CreateClientInput!) { createClient(input: $input) { id } }',
    { input: { displayName, kind: 'ORGANISATION', timeZone: 'America/New_York', currency: 'USD' } },
  );
  expect(created.errors).toBeUndefined();
  const clientId = created.data!.createClient.id;
  const opened = await firmA.request<{ openMatter: { id: string } }>(
    'mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }',
    {
      input: {
        clientId,
        matterNumber: `M-${randomUUID().slice(0, 8)}`,
        description: 'Commercial lease dispute',
        responsiblePartner: 'A. Partner',
        practiceArea: 'Litigation',
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
      },
    },
  );
  expect(opened.errors).toBeUndefined();
  return { clientId, matterId: opened.data!.openMatter.id };
}

it('answers Client { trustBalance } across billing and trust-accounting for firm A only', async () => {
  const firmA = randomUUID();
  const correlationId = `front-end-${randomUUID()}`;
  const { clientId, matterId } = await createClientWithMatter(
    firmA,
    'Harbour & Finch LLP',
    correlationId,
  );
  const other = await createClientWithMatter(firmA, 'Pier Nine Holdings');
  // Trust-accounting learns of the matter from billing's events on Kafka.
  await waitUntil(async () => {
    const matter = await trustDatabase.owner.db
      .selectFrom('matters')
      .select('matter_id')
      .where('matter_id', '=', matterId)
      .executeTakeFirst();
    return matter !== undefined;
  });

  const trustAccountant = await asCaller(firmA, staff, undefined, correlationId);
  const account = await trustAccountant.request<{ openTrustAccount: { id: string } }>(
    `mutation($input: OpenTrustAccountInput!) { openTrustAccount(idempotencyKey: "open-iolta", input: $input) { id } }`,
    {
      input: {
        name: 'IOLTA operating trust',
        kind: 'IOLTA',
        currency: 'USD',
        bankName: 'First Harbour Bank',
        accountLast4: '4321',
        disbursementApprovalThreshold: { amount: '10000.00', currency: 'USD' },
      },
    },
  );
  expect(account.errors).toBeUndefined();
  const deposit = await trustAccountant.request(
    `mutation($input: RecordTrustDepositInput!) { recordTrustDeposit(idempotencyKey: "retainer-1", input: $input) { id } }`,
    {
      input: {
        trustAccountId: account.data!.openTrustAccount.id,
        fundsOwner: 'CLIENT',
        clientId,
        matterId,
        amount: { amount: '2500.00', currency: 'USD' },
        method: 'WIRE',
        receivedOn: '2026-11-20',
        payor: 'Harbour & Finch LLP',
      },
    },
  );
  expect(deposit.errors).toBeUndefined();

  const query =
    'query($id: ID!) { client(id: $id) { id displayName trustBalance { amount currency } } }';
  const seenByFirmA = await (
    await asCaller(firmA, ['partner'])
  ).request<{ client: ClientView }>(query, { id: clientId });
  expect(seenByFirmA.errors).toBeUndefined();
  expect(seenByFirmA.data?.client).toEqual({
    id: clientId,
    displayName: 'Harbour & Finch LLP',
    trustBalance: [{ amount: '2500.00', currency: 'USD' }],
  });

  const firmB = await asCaller(randomUUID(), staff);
  const seenByFirmB = await firmB.request<{ client: ClientView | null; clients: ClientView[] }>(
    'query($id: ID!) { client(id: $id) { id displayName trustBalance { amount } } clients { id } }',
    { id: clientId },
  );
  expect(seenByFirmB.data?.client ?? null).toBeNull();
  expect(seenByFirmB.data?.clients).toEqual([]);

  const portal = await asCaller(firmA, ['client_portal'], clientId);
  const ownClient = await portal.request<{ client: ClientView }>(query, { id: clientId });
  expect(ownClient.data?.client.trustBalance).toEqual([{ amount: '2500.00', currency: 'USD' }]);
  const otherClient = await portal.request<{ client: ClientView | null }>(query, {
    id: other.clientId,
  });
  expect(otherClient.data?.client ?? null).toBeNull();
});
