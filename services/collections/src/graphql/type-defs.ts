import gql from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';
import {
  arrangementMutations,
  arrangementTypeDefs,
  portalMutations,
  portalQueries,
  portalTypeDefs,
} from './arrangement-type-defs';
import { caseEndMutations, caseEndTypeDefs } from './case-end-type-defs';
import { caseMutations, caseQueries, caseTypeDefs } from './case-type-defs';
import { effectivenessQueries, effectivenessTypeDefs } from './effectiveness-type-defs';
import { policyMutations, policyQueries, policyTypeDefs } from './policy-type-defs';
import {
  consistencyTypeDefs,
  receivablesQueries,
  receivablesTypeDefs,
} from './receivables-type-defs';

export const typeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}
  ${receivablesTypeDefs}
  ${consistencyTypeDefs}
  ${caseTypeDefs}
  ${caseEndTypeDefs}
  ${policyTypeDefs}
  ${arrangementTypeDefs}
  ${portalTypeDefs}
  ${effectivenessTypeDefs}

  type Query {
    ${receivablesQueries}
    ${caseQueries}
    ${policyQueries}
    ${portalQueries}
    ${effectivenessQueries}
  }

  type Mutation {
    ${caseMutations}
    ${caseEndMutations}
    ${policyMutations}
    ${arrangementMutations}
    ${portalMutations}
  }
`;
