import gql from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';
import { receivablesQueries, receivablesTypeDefs } from './receivables-type-defs';

export const typeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}
  ${receivablesTypeDefs}

  type Query {
    ${receivablesQueries}
  }
`;
