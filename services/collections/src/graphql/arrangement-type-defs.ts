/** Promises, plans, disputes and pauses: what agents arrange with a client and the client itself. */
export const arrangementTypeDefs = `
  enum PlanFrequency {
    WEEKLY
    FORTNIGHTLY
    MONTHLY
  }

  enum DisputeOutcome {
    UPHELD
    REJECTED
    PARTIAL
  }

  type PromiseToPay {
    id: ID!
    caseId: ID
    amount: Money!
    payBy: String!
    invoiceIds: [ID!]!
    "OPEN, KEPT or BROKEN"
    status: String!
  }

  input InstalmentInput {
    dueOn: String!
    amount: MoneyInput!
  }

  type Instalment {
    dueOn: String!
    amount: Money!
  }

  type PaymentPlan {
    id: ID!
    caseId: ID
    "PROPOSED (a client's, until an agent accepts), AWAITING_APPROVAL (credit: a partner approves), ACTIVE, DECLINED, DEFAULTED, COMPLETED"
    status: String!
    total: Money!
    interest: Money!
    graceDays: Int!
    "Interest or more than four instalments: credit under Reg B."
    isCredit: Boolean!
    invoiceIds: [ID!]!
    instalments: [Instalment!]!
  }

  type Dispute {
    id: ID!
    caseId: ID
    invoiceId: ID!
    lineId: ID
    amount: Money!
    reason: String!
    owner: String!
    deadline: String!
    "OPEN, UPHELD, REJECTED or PARTIAL"
    status: String!
    "The credit note asked of billing (UPHELD, PARTIAL)."
    credited: Money
  }
`;

const planTerms = `instalments: [InstalmentInput!], total: MoneyInput, count: Int, frequency: PlanFrequency, firstDueOn: String, graceDays: Int! = 5`;

export const arrangementMutations = `
    "Pauses the ladder for what the promise covers, until it is kept or broken (payBy at most the policy's maxPromiseDays ahead)."
    recordPromiseToPay(caseId: ID!, amount: MoneyInput!, payBy: String!, note: String, idempotencyKey: String!): PromiseToPay!
    "Instalments as given, or total split (largest remainder) into count by frequency from firstDueOn."
    createPaymentPlan(caseId: ID!, ${planTerms}, interest: MoneyInput, idempotencyKey: String!): PaymentPlan!
    acceptPaymentPlanProposal(planId: ID!, idempotencyKey: String!): PaymentPlan!
    declinePaymentPlanProposal(planId: ID!, idempotencyKey: String!): PaymentPlan!
    "A partner approves a plan that is credit under Reg B."
    approvePaymentPlan(planId: ID!, idempotencyKey: String!): PaymentPlan!
    openDispute(invoiceId: ID!, lineId: ID, amount: MoneyInput!, reason: String!, owner: String!, deadline: String!, idempotencyKey: String!): Dispute!
    "amount: what PARTIAL credits."
    resolveDispute(disputeId: ID!, outcome: DisputeOutcome!, amount: MoneyInput, reason: String!, idempotencyKey: String!): Dispute!
    "until is required: a pause always ends (at most the policy's maxPauseDays ahead)."
    pauseCollections(scope: PauseLevel!, id: ID!, reason: String!, until: String!, idempotencyKey: String!): CollectionPause!
    resumeCollections(pauseId: ID!, idempotencyKey: String!): CollectionPause!
`;

/** What a client_portal login may do about its own account. */
export const portalTypeDefs = `
  enum OptOutChannel {
    EMAIL
    SMS
    LETTER
  }

  "An open invoice as the client sees it: no stage, grade or note."
  type PortalOpenItem {
    invoiceId: ID!
    invoiceNumber: String!
    dueDate: String!
    openAmount: Money!
    disputedAmount: Money!
  }

  type ChannelOptOut {
    channel: OptOutChannel!
    at: String!
  }
`;

export const portalQueries = `
    "client_portal: the client's own open items."
    myOpenItems: [PortalOpenItem!]!
`;

export const portalMutations = `
    "client_portal: a promise to pay the client's past-due items, within the policy's limits."
    promiseToPay(amount: MoneyInput!, payBy: String!, note: String, idempotencyKey: String!): PromiseToPay!
    "client_portal: a plan proposal; nothing changes until an agent accepts it."
    proposePaymentPlan(${planTerms}, idempotencyKey: String!): PaymentPlan!
    "client_portal: disputes part (or all) of the client's own invoice."
    disputeInvoice(invoiceId: ID!, lineId: ID, amount: MoneyInput!, reason: String!, idempotencyKey: String!): Dispute!
    "client_portal: the firm stops contacting the client on this channel."
    optOutOfChannel(channel: OptOutChannel!, idempotencyKey: String!): ChannelOptOut!
`;
