/** The benchmark's two subgraph schemas: a Client list, and the Client's trust balance. */
import { gql } from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';

export const clientsTypeDefs = gql`
  ${federationLink}
  type Client @key(fields: "id") {
    id: ID!
    displayName: String!
  }
  type Query {
    clients(first: Int!, offset: Int!): [Client!]!
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
