/** The firm's versioned collections policy: collections agents read it, firm_admin or partner edit. */
export const policyTypeDefs = `
  type LadderStage {
    kind: String!
    "Days past due; negative before the due date."
    offsetDays: Int!
    channel: String!
    templateKey: String
    responsibleRole: String!
  }

  type SegmentLadder {
    "A-E, or UNGRADED"
    segment: String!
    stages: [LadderStage!]!
  }

  type CollectionContactLimits {
    maxAttemptsIn7Days: Int!
    maxCallsIn7Days: Int!
    quietDaysAfterConversation: Int!
    "HH:MM client time"
    windowStart: String!
    windowEnd: String!
  }

  type CollectionPolicy {
    version: Int!
    ladder: [LadderStage!]!
    variants: [SegmentLadder!]!
    limits: CollectionContactLimits!
    feeArbitrationRegions: [String!]!
    skipNonWorkingDays: Boolean!
    payWithinDays: Int!
    "Calendar days a posted letter takes to arrive; its recorded delivery date counts from posting."
    letterMailDays: Int!
    senderName: String!
    replyToEmail: String
    senderPhone: String
    "A promise's pay-by date is at most this many days ahead."
    maxPromiseDays: Int!
    "A pause ends at most this many days ahead."
    maxPauseDays: Int!
    "Days before a dispute's deadline its owner is reminded."
    disputeReminderDays: Int!
    "Days before an instalment's due date the client is reminded."
    instalmentReminderDays: Int!
  }

  input LadderStageInput {
    kind: String!
    offsetDays: Int!
    channel: String!
    templateKey: String
    responsibleRole: String!
  }

  input SegmentLadderInput {
    segment: String!
    stages: [LadderStageInput!]!
  }

  input CollectionContactLimitsInput {
    maxAttemptsIn7Days: Int!
    maxCallsIn7Days: Int!
    quietDaysAfterConversation: Int!
    windowStart: String!
    windowEnd: String!
  }

  input CollectionPolicyInput {
    ladder: [LadderStageInput!]!
    variants: [SegmentLadderInput!]! = []
    limits: CollectionContactLimitsInput!
    feeArbitrationRegions: [String!]! = ["US-CA"]
    skipNonWorkingDays: Boolean! = false
    payWithinDays: Int! = 7
    letterMailDays: Int! = 5
    senderName: String!
    replyToEmail: String
    senderPhone: String
    maxPromiseDays: Int! = 30
    maxPauseDays: Int! = 90
    disputeReminderDays: Int! = 3
    instalmentReminderDays: Int! = 3
  }
`;

export const policyQueries = `
    collectionPolicy: CollectionPolicy!
`;

export const policyMutations = `
    publishCollectionPolicy(input: CollectionPolicyInput!, idempotencyKey: String!): CollectionPolicy!
`;
