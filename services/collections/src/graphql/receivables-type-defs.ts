/** Aging and KPIs: the receivables part of the subgraph. */
export const receivablesTypeDefs = `
  enum ReceivablesGroupBy {
    FIRM
    CLIENT
    MATTER
    RESPONSIBLE_PARTNER
    PRACTICE_AREA
  }

  "Open receivables of one group in one currency, by days past due (DOMAIN.md buckets)."
  type AgingRow {
    "The client, matter, partner or practice area id; null when the matter does not record it."
    groupId: ID
    label: String!
    current: Money!
    days1to30: Money!
    days31to60: Money!
    days61to90: Money!
    days91to120: Money!
    over120: Money!
    total: Money!
  }

  type AgingReport {
    asOf: String!
    groupBy: ReceivablesGroupBy!
    rows: [AgingRow!]!
  }

  type KpiMonth {
    "YYYY-MM"
    month: String!
    billed: Money!
    collected: Money!
    closingAr: Money!
    countBackDso: String
  }

  "Collections KPIs of one group in one currency; days and per cents to 0.1, null without a base."
  type CollectionsKpis {
    groupId: ID
    label: String!
    openingAr: Money!
    sales: Money!
    collected: Money!
    closingAr: Money!
    closingCurrentAr: Money!
    wip: Money!
    annualFees: Money!
    countBackDso: String
    simpleDso: String
    bestPossibleDso: String
    averageDaysDelinquent: String
    collectionEffectivenessIndex: String
    wipDays: String
    debtorDays: String
    lockupDays: String
    collectionRate: String
    trend: [KpiMonth!]!
  }
`;

export const consistencyTypeDefs = `
  "An invoice whose open amount in billing's latest statement differs from the replica's facts."
  type ConsistencyDifference {
    invoiceId: ID!
    invoiceNumber: String!
    statedOpen: Money!
    replicaOpen: Money!
    eventType: String!
    statedAt: String!
  }

  type ConsistencyReport {
    invoicesChecked: Int!
    differences: [ConsistencyDifference!]!
  }
`;

export const receivablesQueries = `
    "Ops: recomputes open amounts from the replica's facts and compares billing's stated ones."
    collectionsConsistencyCheck: ConsistencyReport!
    "AR aging as of the end of a date (default: today in the firm's time zone)."
    arAging(asOf: String, groupBy: ReceivablesGroupBy! = CLIENT): AgingReport!
    collectionsKpis(from: String!, to: String!, groupBy: ReceivablesGroupBy! = FIRM): [CollectionsKpis!]!
`;
