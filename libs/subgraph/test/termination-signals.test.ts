import gql from 'graphql-tag';
import { createAuthenticator, createHttpApp, createLogger } from '@lexfin/platform';
import { federationLink, registerSubgraph, type CallerContext } from '../src';

it('leaves SIGTERM and SIGINT to the service graceful shutdown, also outside tests', async () => {
  const environment = process.env.NODE_ENV;
  const before = ['SIGTERM', 'SIGINT'].map((signal) => process.listenerCount(signal));
  const app = createHttpApp({
    service: 'signals-test',
    logger: createLogger({ service: 'signals-test', level: 'silent' }),
    readiness: {},
  });
  process.env.NODE_ENV = 'production';
  try {
    await registerSubgraph<CallerContext>({
      app,
      authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
      context: (caller) => caller,
      typeDefs: gql`
        ${federationLink}
        type Query {
          ping: String!
        }
      `,
      resolvers: { Query: { ping: () => 'pong' } },
    });
  } finally {
    process.env.NODE_ENV = environment;
  }
  expect(['SIGTERM', 'SIGINT'].map((signal) => process.listenerCount(signal))).toEqual(before);
  await app.close();
});
