import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gql from 'graphql-tag';
import { createAuthenticator, createHttpApp, createLogger, type HttpApp } from '@lexfin/platform';
import {
  federationLink,
  moneyTypeDefs,
  registerSubgraph,
  type CallerContext,
} from '@lexfin/subgraph';
import { startService, type RunningService } from '@lexfin/service-kit';
import { uniqueRedisPrefix } from '@lexfin/testing';
import { gatewayService } from '../src/service';
import { composeSubgraphs } from '../src/supergraph/compose-supergraph';

/** Two small subgraphs sharing the Client entity, the shape of billing and trust-accounting. */
export const clientsTypeDefs = gql`
  ${federationLink}
  type Client @key(fields: "id") {
    id: ID!
    name: String!
    referredBy: Client
  }
  type Caller {
    firmId: ID!
    correlationId: String!
  }
  type Query {
    clients(first: Int!): [Client!]!
    whoCalled: Caller!
  }
`;

export const balancesTypeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}
  type Client @key(fields: "id") {
    id: ID!
    trustBalance: Money!
  }
`;

export interface RunningSubgraph {
  app: HttpApp;
  url: string;
  /** Entity fetches the subgraph answered, and how many clients each asked for (batching). */
  entityBatches: number[];
}

const silent = createLogger({ service: 'toy-subgraph', level: 'silent' });

async function serve(app: HttpApp, entityBatches: number[]): Promise<RunningSubgraph> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}/graphql`, entityBatches };
}

export async function startClientsSubgraph(): Promise<RunningSubgraph> {
  const app = createHttpApp({ service: 'clients', logger: silent, readiness: {} });
  const client = (id: string) => ({ id, name: `Client ${id}` });
  await registerSubgraph<CallerContext>({
    app,
    authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
    context: (caller) => caller,
    typeDefs: clientsTypeDefs,
    resolvers: {
      Query: {
        clients: (_: unknown, args: { first: number }) =>
          Array.from({ length: args.first }, (_, i) => client(String(i + 1))),
        whoCalled: (_: unknown, __: unknown, context: CallerContext) => ({
          firmId: context.identity.firmId,
          correlationId: context.correlationId,
        }),
      },
      Client: {
        referredBy: (parent: { id: string }) => client(`${parent.id}-r`),
      },
    },
  });
  return serve(app, []);
}

export async function startBalancesSubgraph(): Promise<RunningSubgraph> {
  const app = createHttpApp({ service: 'balances', logger: silent, readiness: {} });
  const entityBatches: number[] = [];
  await registerSubgraph<CallerContext>({
    app,
    authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
    context: (caller) => caller,
    typeDefs: balancesTypeDefs,
    resolvers: {
      Client: {
        __resolveReference: (reference: { id: string }) => ({
          id: reference.id,
          trustBalance: { amount: `${reference.id}.00`, currency: 'USD' },
        }),
      },
    },
  });
  app.addHook('preHandler', async (request) => {
    const body = request.body as { variables?: { representations?: unknown[] } } | undefined;
    if (body?.variables?.representations) entityBatches.push(body.variables.representations.length);
  });
  return serve(app, entityBatches);
}

export interface ToyGateway {
  gateway: RunningService<unknown>;
  clients: RunningSubgraph;
  balances: RunningSubgraph;
  close(): Promise<void>;
}

/** The gateway as `runService` starts it, federating the two toy subgraphs. */
export async function startToyGateway(env: NodeJS.ProcessEnv = {}): Promise<ToyGateway> {
  const [clients, balances] = await Promise.all([startClientsSubgraph(), startBalancesSubgraph()]);
  const deploy = mkdtempSync(join(tmpdir(), 'lexfin-gateway-'));
  writeFileSync(
    join(deploy, 'supergraph.graphql'),
    composeSubgraphs([
      { name: 'clients', url: clients.url, typeDefs: clientsTypeDefs },
      { name: 'balances', url: balances.url, typeDefs: balancesTypeDefs },
    ]),
  );
  writeFileSync(join(deploy, 'rest-routes.json'), '[]');
  const gateway = await startService(gatewayService, {
    env: {
      ...process.env,
      GATEWAY_SUPERGRAPH_FILE: join(deploy, 'supergraph.graphql'),
      GATEWAY_REST_ROUTES_FILE: join(deploy, 'rest-routes.json'),
      ...env,
    },
    logger: silent,
    redisPrefix: uniqueRedisPrefix(),
  });
  return {
    gateway,
    clients,
    balances,
    async close() {
      await gateway.close();
      // A test may have closed one already.
      await Promise.allSettled([clients.app.close(), balances.app.close()]);
      rmSync(deploy, { recursive: true, force: true });
    },
  };
}
