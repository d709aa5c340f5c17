import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import {
  createHttpApp,
  type Authenticator,
  type HttpApp,
  type Logger,
  type ReadinessCheck,
} from '@lexfin/platform';
import { registerSubgraph, type MoneyOutput } from '@lexfin/subgraph';
import { trustBalancesBy } from './app/balances';
import type { CommandContext } from './app/actor';
import type { TrustDatabase } from './db/schema';
import type { TrustGraphQLContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { registerReportRoutes } from './http/report-routes';

export interface TrustServiceDependencies {
  db: Kysely<TrustDatabase>;
  logger: Logger;
  authenticator: Authenticator;
  readiness: Record<string, ReadinessCheck>;
}

/** The HTTP side of the service (GraphQL subgraph and REST), ready to listen. */
export async function buildTrustService(deps: TrustServiceDependencies): Promise<HttpApp> {
  const app = createHttpApp({
    service: 'trust-accounting',
    logger: deps.logger,
    authenticator: deps.authenticator,
    readiness: deps.readiness,
    bodyLimitBytes: 50 * 1024 * 1024,
  });
  await registerSubgraph<TrustGraphQLContext>({
    app,
    typeDefs,
    resolvers,
    authenticator: deps.authenticator,
    context: (caller) => {
      const command: CommandContext = {
        db: deps.db,
        identity: caller.identity,
        correlationId: caller.correlationId,
      };
      const balancesBy = (column: 'client_id' | 'matter_id') =>
        new DataLoader<string, MoneyOutput[]>(async (ids) => {
          const balances = await trustBalancesBy(command, column, ids);
          return ids.map((id) => balances.get(id) ?? []);
        });
      return {
        ...caller,
        command,
        clientBalances: balancesBy('client_id'),
        matterBalances: balancesBy('matter_id'),
      };
    },
  });
  registerReportRoutes(app, deps.db);
  return app;
}
