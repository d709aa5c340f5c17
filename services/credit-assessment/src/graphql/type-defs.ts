import gql from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';

export const typeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}

  enum CreditGrade {
    A
    B
    C
    D
    E
  }

  enum IntakeOutcome {
    APPROVE
    APPROVE_WITH_RETAINER
    REFER_TO_PARTNER
    DECLINE
  }

  "A factor that cost the client points: a sentence for the firm, one for the client, the value behind it."
  type CreditReason {
    code: String!
    text: String!
    clientText: String!
    value: String!
  }

  type AgingAmount {
    "CURRENT, D1_30, D31_60, D61_90, D91_120 or OVER_120 days past due"
    bucket: String!
    amount: Money!
  }

  "Exposure in one currency: unbilled work + unbilled expenses + open receivables - trust held (not floored)."
  type CreditExposure {
    currency: String!
    unbilledWork: Money!
    unbilledExpenses: Money!
    openReceivables: Money!
    trustHeld: Money!
    total: Money!
    limit: Money
    "limit - exposure"
    headroom: Money
    aging: [AgingAmount!]!
  }

  type MatterExposure {
    currency: String!
    unbilledWork: Money!
    unbilledExpenses: Money!
    openReceivables: Money!
    trustHeld: Money!
    total: Money!
  }

  type DaysStatistics {
    "Dollar-weighted mean"
    mean: Float
    "Dollar-weighted 90th percentile"
    p90: Int
  }

  type CreditTrend {
    "Weighted mean days beyond terms of invoices paid in the last 90 days"
    recentDaysBeyondTerms: Float
    "The same for the year before them"
    priorDaysBeyondTerms: Float
    "IMPROVING, STABLE or WORSENING"
    direction: String
  }

  type ReceivablesShare {
    currency: String!
    "0-1"
    share: Float!
  }

  type CreditHoldState {
    breachId: ID!
    currency: String!
    "OVER_LIMIT or HOLD_GRADE"
    cause: String!
  }

  """
  A client's credit profile. billing_clerk and collections_agent read grade and reasons only; the
  other fields are for credit_officer, partner and firm_admin.
  """
  type CreditProfile {
    clientId: ID!
    grade: CreditGrade
    thinFile: Boolean!
    reasons: [CreditReason!]!
    asOf: String
    policyVersion: Int
    score: Int
    paymentIndex: Int
    exposure: [CreditExposure!]
    onHold: Boolean
    holds: [CreditHoldState!]
    trend: CreditTrend
    tenureDays: Int
    invoicesPaid: Int
    daysToPay: DaysStatistics
    daysBeyondTerms: DaysStatistics
    "Share of invoices paid in the last 12 months that were paid late, 0-1"
    sharePaidLate: Float
    longestDaysPastDue: Int
    bouncedPayments: Int
    writeOffs: Int
    creditNotes: Int
    openDisputes: Int
    brokenPromises: Int
    shareOfFirmReceivables: [ReceivablesShare!]
  }

  type CreditOverride {
    outcome: IntakeOutcome!
    reason: String!
    approvedBy: String!
    overriddenAt: String!
  }

  type CreditDecision {
    id: ID!
    clientId: ID
    outcome: IntakeOutcome!
    "The policy rule that decided (THIN_FILE, DECLINE_GRADE, FEES_OVER_HEADROOM, REFER_GRADE, GRADE_TERMS)"
    rule: String!
    score: Int
    grade: CreditGrade
    thinFile: Boolean!
    reasons: [CreditReason!]!
    policyVersion: Int!
    retainer: Money
    evergreenMinimum: Money
    headroom: Money
    requestedBy: String!
    decidedAt: String!
    override: CreditOverride
  }

  type CreditDecisionReplay {
    decisionId: ID!
    identical: Boolean!
    featuresIdentical: Boolean!
    outcomeIdentical: Boolean!
    "Where the stored snapshot and the replay differ"
    differences: [String!]!
    storedOutcome: IntakeOutcome!
    replayedOutcome: IntakeOutcome!
  }

  type CreditPolicy {
    version: Int!
    published: Boolean!
    draftedBy: String
    draftedAt: String
    publishedBy: String
    publishedAt: String
    "The policy document as JSON (money limits in minor units)"
    document: String!
  }

  type GradeMigration {
    "A grade, or UNGRADED"
    from: String!
    to: String!
    clients: Int!
  }

  type HoldChange {
    clientId: ID!
    currency: String!
    exposure: Money!
  }

  type CreditPolicySimulation {
    draftVersion: Int!
    currentVersion: Int!
    clients: Int!
    migration: [GradeMigration!]!
    newlyOnHold: [HoldChange!]!
    comingOffHold: [HoldChange!]!
    exposureNewlyOnHold: [Money!]!
    exposureComingOffHold: [Money!]!
  }

  type ClientOverLimit {
    clientId: ID!
    client: Client!
    exposure: Money!
    limit: Money!
    overBy: Money!
  }

  type GradeCount {
    grade: String!
    clients: Int!
  }

  type GradeExposure {
    grade: String!
    exposure: [Money!]!
  }

  type ClientExposureTotal {
    clientId: ID!
    client: Client!
    exposure: Money!
  }

  type CreditPortfolio {
    gradeDistribution: [GradeCount!]!
    exposureByGrade: [GradeExposure!]!
    largestExposures: [ClientExposureTotal!]!
  }

  type CreditLimit {
    clientId: ID!
    limit: Money!
    reason: String!
    setBy: String!
  }

  type ProfileInconsistency {
    clientId: ID!
    differences: [String!]!
  }

  type CreditConsistencyReport {
    clientsChecked: Int!
    inconsistent: [ProfileInconsistency!]!
  }

  type Client @key(fields: "id") {
    id: ID!
    creditProfile: CreditProfile
  }

  type Matter @key(fields: "id") {
    id: ID!
    "Exposure on the matter, per currency"
    exposure: [MatterExposure!]!
  }

  input CreditBandInput {
    "Inclusive; null is unbounded below"
    from: Float
    "Exclusive; null is unbounded above"
    to: Float
    points: Int!
  }

  input CreditFactorInput {
    "One of the closed list of payment behaviour and exposure factors"
    factor: String!
    bands: [CreditBandInput!]!
    missingPoints: Int!
  }

  input CreditScalingInput {
    score0: Float!
    odds0: Float!
    pdo: Float!
  }

  input CreditCutoffsInput {
    A: Int!
    B: Int!
    C: Int!
    D: Int!
  }

  input CreditGradeTermsInput {
    grade: String!
    defaultLimits: [MoneyInput!]!
    retainerPercent: Float!
    evergreenPercent: Float!
  }

  input PracticeAreaRetainerInput {
    practiceArea: String!
    retainerPercent: Float!
  }

  input CreditIntakeRulesInput {
    referOverHeadroomMultiple: Float!
    declineOverHeadroomMultiple: Float!
    referGrades: [String!]!
    declineGrades: [String!]!
    practiceAreaRetainerPercent: [PracticeAreaRetainerInput!]!
  }

  input ThinFileRuleInput {
    minInvoicesPaid: Int!
    minTenureDays: Int!
    outcome: String!
    retainerPercent: Float!
    evergreenPercent: Float!
    defaultLimits: [MoneyInput!]!
  }

  input CreditPolicyInput {
    factors: [CreditFactorInput!]!
    scaling: CreditScalingInput!
    cutoffs: CreditCutoffsInput!
    gradeTerms: [CreditGradeTermsInput!]!
    intake: CreditIntakeRulesInput!
    holdGrade: String
    thinFile: ThinFileRuleInput!
    restoreMarginPercent: Float!
  }

  input MatterIntakeInput {
    "An existing client; omit for a prospective one"
    clientId: ID
    practiceArea: String!
    "HOURLY, FLAT_FEE, CONTINGENCY or HYBRID"
    billingArrangement: String!
    estimatedFees: MoneyInput!
  }

  type Query {
    "A client's profile: the live one, or as of a past business date (folded from its facts)."
    creditProfile(clientId: ID!, asOf: String): CreditProfile
    clientsOverLimit(first: Int): [ClientOverLimit!]!
    creditDecisions(clientId: ID!): [CreditDecision!]!
    replayCreditDecision(decisionId: ID!): CreditDecisionReplay!
    creditPortfolio(largest: Int): CreditPortfolio!
    creditPolicy(version: Int!): CreditPolicy!
    creditPolicies: [CreditPolicy!]!
    simulateCreditPolicy(draftVersion: Int!): CreditPolicySimulation!
    "ops: recomputes every profile from its facts and reports differences"
    creditConsistencyCheck: CreditConsistencyReport!
  }

  type Mutation {
    draftCreditPolicy(policy: CreditPolicyInput!): CreditPolicy!
    "Publishes a draft (a partner who did not draft it) and re-scores every client under it."
    publishCreditPolicy(version: Int!): CreditPolicy!
    assessMatterIntake(input: MatterIntakeInput!, idempotencyKey: String!): CreditDecision!
    overrideCreditDecision(
      decisionId: ID!
      outcome: IntakeOutcome!
      reason: String!
      idempotencyKey: String!
    ): CreditDecision!
    setCreditLimit(
      clientId: ID!
      amount: MoneyInput!
      reason: String!
      idempotencyKey: String!
    ): CreditLimit!
  }
`;
