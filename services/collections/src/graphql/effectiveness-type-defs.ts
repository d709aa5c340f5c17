/** Which steps of the ladder work: the effectiveness part of the subgraph. */
export const effectivenessTypeDefs = `
  "The contacts of one stage and template to clients of one segment, and what followed in 14 days."
  type LadderStepEffectiveness {
    "The ladder stage; null for contacts logged by hand."
    stageKind: String
    templateKey: String
    "The client's credit grade when contacted (A-E or UNGRADED); UNKNOWN before it was recorded."
    segment: String!
    "Messages sent and calls made whose day fell in the period."
    contacts: Int!
    "Contacts after which the client paid all that was open on their invoices within 14 days."
    paidInFull: Int!
    "Contacts after which the client paid some of it within 14 days."
    paidInPart: Int!
    "Paid on the contacts' invoices within the 14 days after each, per currency."
    paid: [Money!]!
  }

  type LadderEffectiveness {
    steps: [LadderStepEffectiveness!]!
    "Promises whose pay-by date fell in the period, kept and broken."
    promisesKept: Int!
    promisesBroken: Int!
    "kept / (kept + broken) in per cent to 0.1; null when none was decided."
    promiseKeptRate: String
    "Plans that ended in the period, completed and defaulted."
    plansCompleted: Int!
    plansDefaulted: Int!
    "completed / (completed + defaulted) in per cent to 0.1; null when none ended."
    planCompletionRate: String
  }
`;

export const effectivenessQueries = `
    "Which steps work: contacts whose day (the client's) is in [from, to] and what followed."
    ladderEffectiveness(from: String!, to: String!): LadderEffectiveness!
`;
