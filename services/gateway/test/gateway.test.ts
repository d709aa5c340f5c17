import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAuthenticator, createLogger, type HttpApp } from '@lexfin/platform';
import { graphqlClient, mintToken, redisUrl, uniqueRedisPrefix } from '@lexfin/testing';
import { buildGatewayApp } from '../src/gateway-app';
import { createFirmRateLimiter } from '../src/guards/firm-rate-limit';
import { createApolloEngine } from '../src/apollo-engine';
import { composeSubgraphs } from '../src/supergraph/compose-supergraph';
import {
  balancesTypeDefs,
  clientsTypeDefs,
  startBalancesSubgraph,
  startClientsSubgraph,
  type RunningSubgraph,
} from './toy-subgraphs';

let clients: RunningSubgraph;
let balances: RunningSubgraph;
let gateway: HttpApp;
let redis: Redis;
let url: string;
const requestsPerHour = 10;

beforeAll(async () => {
  [clients, balances] = await Promise.all([startClientsSubgraph(), startBalancesSubgraph()]);
  const supergraphSdl = composeSubgraphs([
    { name: 'clients', url: clients.url, typeDefs: clientsTypeDefs },
    { name: 'balances', url: balances.url, typeDefs: balancesTypeDefs },
  ]);
  redis = new Redis(redisUrl());
  const logger = createLogger({ service: 'gateway', level: 'silent' });
  gateway = buildGatewayApp({
    logger,
    authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
    engine: await createApolloEngine({ supergraphSdl }),
    rateLimiter: createFirmRateLimiter(
      redis,
      { requestsPerWindow: requestsPerHour, windowSeconds: 3_600 },
      uniqueRedisPrefix(),
    ),
    limits: { maxDepth: 6, maxCost: 60 },
    bodyLimitBytes: 8 * 1024,
    readiness: {},
  });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}/graphql`;
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([clients.app.close(), balances.app.close()]);
  redis.disconnect();
});

const asFirm = async (firmId = randomUUID(), headers: Record<string, string> = {}) =>
  graphqlClient(url, await mintToken({ firmId, roles: ['billing_clerk'] }), headers);

describe('gateway', () => {
  it('answers one query from two subgraphs, fetching the entities of a list in one batch', async () => {
    const response = await (
      await asFirm()
    ).request<{ clients: Array<{ id: string; name: string; trustBalance: { amount: string } }> }>(
      '{ clients(first: 3) { id name trustBalance { amount currency } } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.clients).toEqual([
      { id: '1', name: 'Client 1', trustBalance: { amount: '1.00', currency: 'USD' } },
      { id: '2', name: 'Client 2', trustBalance: { amount: '2.00', currency: 'USD' } },
      { id: '3', name: 'Client 3', trustBalance: { amount: '3.00', currency: 'USD' } },
    ]);
    expect(balances.entityBatches.at(-1)).toBe(3);
  });

  it('refuses a missing or forged token before any subgraph is called', async () => {
    for (const client of [graphqlClient(url), graphqlClient(url, 'forged.token.value')]) {
      const response = await client.request('{ whoCalled { firmId } }');
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('passes the identity and the correlation id on to the subgraphs', async () => {
    const firmId = randomUUID();
    const given = await (
      await asFirm(firmId, { 'x-correlation-id': 'corr-from-front-end' })
    ).request<{
      whoCalled: { firmId: string; correlationId: string };
    }>('{ whoCalled { firmId correlationId } }');
    expect(given.data?.whoCalled).toEqual({ firmId, correlationId: 'corr-from-front-end' });

    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await mintToken({ firmId, roles: ['partner'] })}`,
      },
      body: JSON.stringify({ query: '{ whoCalled { correlationId } }' }),
    });
    const generated = response.headers.get('x-correlation-id');
    expect(generated).toBeTruthy();
    expect(
      ((await response.json()) as { data: { whoCalled: { correlationId: string } } }).data.whoCalled
        .correlationId,
    ).toBe(generated);
  });

  it('refuses an operation nested deeper than the limit', async () => {
    const response = await (
      await asFirm()
    ).request(
      '{ clients(first: 1) { referredBy { referredBy { referredBy { referredBy { referredBy { referredBy { id } } } } } } } }',
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_DEEP',
      depth: 8,
      maxDepth: 6,
    });
  });

  it('refuses an operation selecting more fields than the limit, however they are spelled', async () => {
    const aliases = Array.from({ length: 61 }, (_, i) => `n${i}: name`).join(' ');
    const response = await (
      await asFirm()
    ).request(
      `query Wide { clients(first: 1) { ...names } } fragment names on Client { ${aliases} }`,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      maxCost: 60,
    });
  });

  it('measures a persisted query as the engine runs it: the stored document and the operation named', async () => {
    const firmId = randomUUID();
    const token = await mintToken({ firmId, roles: ['billing_clerk'] });
    const deep = `clients(first: 1) { ${'referredBy { '.repeat(19)}id${' }'.repeat(19)} }`;
    // Short aliases keep the document within this gateway's 8 KiB body limit.
    const aliases = Array.from({ length: 1_000 }, (_, i) => `_${i.toString(36)}:id`).join(' ');
    const document = `query Harmless { whoCalled { firmId } } query Deep { ${deep} } query Wide { clients(first: 1) { ${aliases} } }`;
    const sha256Hash = createHash('sha256').update(document).digest('hex');
    const send = async (body: { query?: string; operationName: string }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          ...body,
          extensions: { persistedQuery: { version: 1, sha256Hash } },
        }),
      });
      return {
        status: response.status,
        ...((await response.json()) as {
          data?: unknown;
          errors?: Array<{ extensions?: Record<string, unknown> }>;
        }),
      };
    };

    const registered = await send({ query: document, operationName: 'Harmless' });
    expect(registered.data).toEqual({ whoCalled: { firmId } });
    for (const [operationName, code] of [
      ['Deep', 'QUERY_TOO_DEEP'],
      ['Wide', 'QUERY_TOO_COMPLEX'],
    ] as const) {
      const answer = await send({ operationName });
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
      expect(answer.data).toBeUndefined();
    }
    expect((await send({ operationName: 'Harmless' })).data).toEqual({ whoCalled: { firmId } });
  });

  it("limits each firm's request rate, without touching other firms", async () => {
    const busyFirm = await asFirm();
    const answers = [];
    for (let i = 0; i <= requestsPerHour; i++)
      answers.push(await busyFirm.request('{ whoCalled { firmId } }'));
    const refused = answers.at(-1)!;
    expect(answers.slice(0, requestsPerHour).every((answer) => answer.status === 200)).toBe(true);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await (await asFirm()).request('{ whoCalled { firmId } }')).status).toBe(200);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await mintToken({ firmId: randomUUID(), roles: ['partner'] })}`,
      },
      body: JSON.stringify({ query: `{ whoCalled { firmId } } # ${'x'.repeat(10_000)}` }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
