/** How a case ends or leaves the firm: agency hand-off and recall, write-off, a partner's close. */
export const caseEndTypeDefs = `
  type AgencyHandoff {
    id: ID!
    caseId: ID!
    agency: String!
    handedBy: String!
    "The client's local date of the hand-off."
    handedOn: String!
    recalledBy: String
    recalledAt: String
  }

  type WriteOffShare {
    invoiceId: ID!
    matterId: ID!
    amount: Money!
  }

  type WriteOffRecommendation {
    id: ID!
    caseId: ID!
    amount: Money!
    reason: String!
    "The amount spread over the case's open invoices, oldest due date first."
    items: [WriteOffShare!]!
    recommendedBy: String!
    recommendedAt: String!
    approvedBy: String
    approvedAt: String
  }

  type CaseEnding {
    caseId: ID!
    closedAt: String!
    endedBy: String!
    reason: String!
    "The past-due invoices the end holds (until a new past-due item reopens the case)."
    invoiceIds: [ID!]!
  }
`;

export const caseEndMutations = `
    "Only after every mandatory step (the fee-arbitration notice delivered and its 30 days over, no arbitration asked): AGENCY_HANDOFF_NOT_ALLOWED names what is missing. The firm's own contacts stop."
    handOffToAgency(caseId: ID!, agency: String!, idempotencyKey: String!): AgencyHandoff!
    "Takes the case back from its agency: the ladder resumes."
    recallFromAgency(caseId: ID!, reason: String!, idempotencyKey: String!): AgencyHandoff!
    "At most what is open in the amount's currency; nothing is written off until a partner approves."
    recommendWriteOff(caseId: ID!, amount: MoneyInput!, reason: String!, idempotencyKey: String!): WriteOffRecommendation!
    "A partner other than the recommender (else SELF_APPROVAL_FORBIDDEN); billing writes the invoices off."
    approveWriteOff(recommendationId: ID!, idempotencyKey: String!): WriteOffRecommendation!
    "A partner ends the case: no more ladder steps until a new past-due item reopens it."
    closeCase(caseId: ID!, reason: String!, idempotencyKey: String!): CaseEnding!
`;
