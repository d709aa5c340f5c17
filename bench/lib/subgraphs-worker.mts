/**
 * Two subgraphs in the shape of billing and trust-accounting (a Client list, and the Client's
 * trust balance as an entity field), served from one worker thread for the gateway benchmark.
 */
import { parentPort } from 'node:worker_threads';
import { createAuthenticator, createHttpApp, createLogger } from '@lexfin/platform';
import type { HttpApp } from '@lexfin/platform';
import { registerSubgraph } from '@lexfin/subgraph';
import { balancesTypeDefs, clientsTypeDefs } from './bench-schemas.mts';
import type { CallerContext } from '@lexfin/subgraph';

const logger = createLogger({ service: 'bench-subgraph', level: 'silent' });
const authenticator = createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET });

async function serve(app: HttpApp): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
}

const clients = createHttpApp({ service: 'clients', logger, readiness: {} });
await registerSubgraph<CallerContext>({
  app: clients,
  authenticator,
  context: (caller) => caller,
  typeDefs: clientsTypeDefs,
  resolvers: {
    Query: {
      clients: (_: unknown, args: { first: number; offset: number }) =>
        Array.from({ length: args.first }, (_, i) => ({
          id: String(args.offset + i),
          displayName: `Client ${args.offset + i}`,
        })),
    },
  },
});

const balances = createHttpApp({ service: 'balances', logger, readiness: {} });
await registerSubgraph<CallerContext>({
  app: balances,
  authenticator,
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

parentPort!.postMessage({ clientsUrl: await serve(clients), balancesUrl: await serve(balances) });
parentPort!.on('message', async () => {
  await Promise.all([clients.close(), balances.close()]);
  parentPort!.postMessage('closed');
});
