/** Cases, the contact log, the work queue, the policy: the cases part of the subgraph. */
export const caseTypeDefs = `
  enum CollectionCaseStatus {
    OPEN
    PAUSED
    CLOSED
  }

  enum CollectionContactChannel {
    EMAIL
    SMS
    LETTER
    CALL
  }

  "What came of a contact; the ladder's own messages are SENT or BOUNCED (FAILED: nothing left, retried)."
  enum CollectionContactOutcome {
    SENT
    BOUNCED
    FAILED
    CLAIMED
    CONVERSATION
    VOICEMAIL
    NO_ANSWER
    WRONG_NUMBER
    LETTER_POSTED
  }

  enum LoggedContactOutcome {
    SENT
    BOUNCED
    CONVERSATION
    VOICEMAIL
    NO_ANSWER
    WRONG_NUMBER
    LETTER_POSTED
  }

  enum PauseLevel {
    CLIENT
    MATTER
    INVOICE
  }

  type CaseItem {
    invoice: Invoice!
    invoiceNumber: String!
    dueDate: String!
    daysPastDue: Int!
    openAmount: Money!
    status: String!
    "The last stage reached, null before the first."
    stage: String
    nextStage: String
    nextStageOffsetDays: Int
    "The next stage waits (fee-arbitration notice) until this date."
    heldUntil: String
  }

  type CaseNote {
    id: ID!
    author: String!
    body: String!
    at: String!
  }

  type CollectionCase {
    id: ID!
    client: Client!
    status: CollectionCaseStatus!
    ownerUserId: String
    openedAt: String!
    closedAt: String
    nextStage: String
    nextActionAt: String
    items: [CaseItem!]!
    contactLog: [ContactLogEntry!]!
    notes: [CaseNote!]!
    "The client's promises to pay, oldest first (OPEN until kept or broken)."
    promises: [PromiseToPay!]!
    "The client's payment plans, proposals included, oldest first."
    paymentPlans: [PaymentPlan!]!
    "The client's disputes, oldest first."
    disputes: [Dispute!]!
  }

  type ContactLogEntry {
    id: ID!
    caseId: ID
    at: String!
    channel: CollectionContactChannel!
    outcome: CollectionContactOutcome!
    stage: String
    recordedBy: String!
    note: String
    invoiceIds: [ID!]!
  }

  type CollectionMessagePreview {
    channel: String!
    sendAt: String!
    subject: String!
    text: String!
    html: String!
    language: String!
  }

  type WorkItem {
    id: ID!
    caseId: ID!
    client: Client!
    kind: String!
    stage: String!
    responsibleRole: String!
    "The person the work is for (a dispute's owner, reminded of its deadline); null for a role's work."
    assignedTo: String
    dueOn: String!
    invoiceIds: [ID!]!
    openAmount: Money!
    oldestDueDate: String!
    creditGrade: String
  }

  type LoggedContact {
    id: ID!
    at: String!
  }

  type FeeArbitrationRequest {
    matterId: ID!
    requestedOn: String!
    caseId: ID
  }

  "A pause of the ladder for a client, matter or invoice; it always ends (until is its last day)."
  type CollectionPause {
    id: ID!
    clientId: ID!
    scope: PauseLevel!
    targetId: ID!
    reason: String!
    until: String!
    resumedAt: String
  }

  input CollectionCasesFilter {
    status: CollectionCaseStatus
    clientId: ID
  }

  type Invoice @key(fields: "id") {
    id: ID!
    "The open collection case this invoice is in, if it is past due and unpaid."
    collectionCase: CollectionCase
  }

  type Client @key(fields: "id") {
    id: ID!
    "The client's collection cases, newest first."
    collections: [CollectionCase!]!
  }
`;

export const caseQueries = `
    collectionCase(id: ID!): CollectionCase!
    collectionCases(filter: CollectionCasesFilter, first: Int = 50): [CollectionCase!]!
    contactLog(clientId: ID!): [ContactLogEntry!]!
    "What the case's next message would say and when it would go; null when no message is next."
    previewCollectionMessage(caseId: ID!): CollectionMessagePreview
    "Calls, partner reviews, hand-offs to do: largest amount, oldest, firmest segment first."
    collectionsQueue: [WorkItem!]!
`;

export const caseMutations = `
    logCollectionContact(clientId: ID!, channel: CollectionContactChannel!, outcome: LoggedContactOutcome!, invoiceIds: [ID!] = [], note: String, idempotencyKey: String!): LoggedContact!
    addCaseNote(caseId: ID!, body: String!, idempotencyKey: String!): CaseNote!
    recordFeeArbitrationRequest(clientId: ID!, matterId: ID!, requestedOn: String, idempotencyKey: String!): FeeArbitrationRequest!
`;
