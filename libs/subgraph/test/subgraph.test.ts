import { randomUUID } from 'node:crypto';
import gql from 'graphql-tag';
import {
  createAuthenticator,
  createHttpApp,
  createLogger,
  DomainRuleError,
  requireRole,
  type HttpApp,
} from '@lexfin/platform';
import { graphqlClient, mintToken } from '@lexfin/testing';
import {
  federationLink,
  moneyOutput,
  moneyTypeDefs,
  parseMoneyInput,
  registerSubgraph,
  type CallerContext,
  type MoneyInput,
} from '../src';

const log: string[] = [];
let app: HttpApp;
let url: string;
const firmId = randomUUID();

beforeAll(async () => {
  const logger = createLogger({
    service: 'subgraph-test',
    destination: { write: (line: string) => log.push(line) },
  });
  app = createHttpApp({ service: 'subgraph-test', logger, readiness: {} });
  await registerSubgraph<CallerContext>({
    app,
    authenticator: createAuthenticator({ jwtSecret: process.env.LEXFIN_JWT_SECRET }),
    context: (caller) => caller,
    typeDefs: gql`
      ${federationLink}
      ${moneyTypeDefs}
      type Query {
        double(amount: MoneyInput!): Money!
        partnersOnly: String!
        overdrawn: String!
        broken: String!
        whoAmI: String!
      }
    `,
    resolvers: {
      Query: {
        double: (_: unknown, args: { amount: MoneyInput }) => {
          const money = parseMoneyInput(args.amount, 'amount');
          return moneyOutput(money.minor * 2n, money.currency);
        },
        partnersOnly: (_: unknown, __: unknown, context: CallerContext) => {
          requireRole(context.identity, 'partner');
          return 'ok';
        },
        overdrawn: () => {
          throw new DomainRuleError(
            'INSUFFICIENT_TRUST_FUNDS',
            'Available 10.00 USD is less than the 30.00 USD requested',
            {
              available: '10.00',
              requested: '30.00',
            },
          );
        },
        broken: () => {
          throw new Error('connection to postgres://app:hunter2@db failed');
        },
        whoAmI: (_: unknown, __: unknown, context: CallerContext) => context.identity.firmId,
      },
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/graphql`;
});

afterAll(() => app.close());

async function asClerk() {
  return graphqlClient(url, await mintToken({ firmId, roles: ['billing_clerk'] }));
}

describe('subgraph server', () => {
  it('answers UNAUTHENTICATED with HTTP 401 when the token is missing or bad', async () => {
    for (const client of [graphqlClient(url), graphqlClient(url, 'not-a-jwt')]) {
      const response = await client.request('{ whoAmI }');
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('takes the firm from the token', async () => {
    const response = await (await asClerk()).request<{ whoAmI: string }>('{ whoAmI }');
    expect(response.data?.whoAmI).toBe(firmId);
  });

  it('reads and writes money as decimal strings', async () => {
    const response = await (
      await asClerk()
    ).request('{ double(amount: { amount: "1234.56", currency: "USD" }) { amount currency } }');
    expect(response.data).toEqual({ double: { amount: '2469.12', currency: 'USD' } });
  });

  it('refuses money with more decimals than the currency has, naming the field', async () => {
    const response = await (
      await asClerk()
    ).request('{ double(amount: { amount: "12.345", currency: "USD" }) { amount } }');
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'amount.amount': expect.stringMatching(/3 decimals/) },
    });
  });

  it('answers FORBIDDEN to a role without the right', async () => {
    const response = await (await asClerk()).request('{ partnersOnly }');
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives domain errors their code and details', async () => {
    const response = await (await asClerk()).request('{ overdrawn }');
    expect(response.errors?.[0]).toMatchObject({
      message: 'Available 10.00 USD is less than the 30.00 USD requested',
      extensions: { code: 'INSUFFICIENT_TRUST_FUNDS', available: '10.00', requested: '30.00' },
    });
  });

  it('hides the details of an unexpected error from the caller and logs it', async () => {
    const response = await (await asClerk()).request('{ broken }');
    expect(response.errors?.[0]).toEqual({
      message: 'Internal server error',
      path: ['broken'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(log.some((line) => line.includes('unexpected error in a GraphQL operation'))).toBe(true);
    expect(log.join('')).not.toContain('hunter2');
  });
});
