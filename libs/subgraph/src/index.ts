export { federationLink } from './federation';
export { formatGraphQLError } from './graphql-errors';
export { moneyOutput, moneyTypeDefs, parseMoneyInput } from './money-graphql';
export type { MoneyInput, MoneyOutput } from './money-graphql';
export { registerSubgraph } from './subgraph-server';
export type { CallerContext, SubgraphOptions } from './subgraph-server';
