import gql from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';
import { firmTypeDefs } from './firm-type-defs';

/** Billing's subgraph: it owns Client, Matter, Invoice and Payment. */
export const typeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}
  ${firmTypeDefs}

  enum ClientKind {
    PERSON
    ORGANISATION
  }
  enum BillingArrangement {
    HOURLY
    FLAT_FEE
    CONTINGENCY
    HYBRID
  }
  enum MatterStatus {
    OPEN
    ON_HOLD
    CLOSED
  }
  enum LateFeeKind {
    NONE
    SIMPLE_INTEREST
    FLAT
  }
  enum TimekeeperClassification {
    PARTNR
    ASSOC
    OFCNSL
    PARLEG
    LGLAST
    OTHER
  }
  enum InvoiceStatus {
    DRAFT
    ISSUED
    PARTIALLY_PAID
    PAID
    VOID
    WRITTEN_OFF
  }
  enum InvoiceLineKind {
    FEE
    EXPENSE
    FLAT_FEE
    CONTINGENCY_FEE
    TAX
    LATE_FEE
  }
  enum PaymentMethod {
    CARD
    ACH
    CHECK
    WIRE
    TRUST
  }
  enum PaymentStatus {
    RECORDED
    REVERSED
  }
  enum StatementEntryKind {
    INVOICE
    LATE_FEE
    PAYMENT
    PAYMENT_REVERSAL
    CREDIT_NOTE
    WRITE_OFF
  }

  type Client @key(fields: "id") {
    id: ID!
    displayName: String!
    kind: ClientKind!
    billingContactName: String
    billingEmail: String
    timeZone: String!
    currency: String!
    "E.164, e.g. +14155550123"
    phone: String
    postalAddress: PostalAddress
    preferredContactChannel: ContactChannel
    contactConsent: ContactConsent!
    "BCP 47, e.g. en-US"
    language: String
    "No contact on any channel, whatever the consents say."
    doNotContact: Boolean!
    doNotContactReason: String
    matters: [Matter!]!
    payments: [Payment!]!
    "Unallocated payments, usable against later invoices (in the client's currency)."
    unappliedCredit: Money!
    "Credit limit breaches not yet restored, oldest first: the client's matters stay on CREDIT hold while any remains. Staff only."
    creditBreaches: [CreditBreach!]!
  }

  enum CreditBreachCause {
    OVER_LIMIT
    HOLD_GRADE
  }

  type CreditBreach {
    "The id of credit's limit.breached event; a CREDIT hold's breachId."
    id: ID!
    currency: String!
    cause: CreditBreachCause!
    reason: String!
    "When credit reported it (an ISO 8601 instant)."
    since: String!
  }

  enum ContactChannel {
    EMAIL
    SMS
    POST
  }

  type PostalAddress {
    line1: String!
    line2: String
    city: String!
    "ISO 3166-2, e.g. US-CA"
    region: String
    postalCode: String
    "ISO 3166-1 alpha-2, e.g. US"
    country: String!
  }

  input PostalAddressInput {
    line1: String!
    line2: String
    city: String!
    region: String
    postalCode: String
    country: String!
  }

  "Whether the client agreed to be contacted on each channel; none until it does."
  type ContactConsent {
    email: Boolean!
    sms: Boolean!
    post: Boolean!
  }

  input ContactConsentInput {
    email: Boolean!
    sms: Boolean!
    post: Boolean!
  }

  type LateFeePolicy {
    kind: LateFeeKind!
    "Percent per year, for SIMPLE_INTEREST, e.g. \\"12\\""
    annualRatePercent: String
    flatAmount: Money
    graceDays: Int!
  }

  type Matter @key(fields: "id") {
    id: ID!
    client: Client!
    matterNumber: String!
    description: String!
    "A timekeeper; null only for a matter opened before partners were timekeepers."
    responsiblePartner: Timekeeper
    originatingTimekeeper: Timekeeper
    practiceArea: PracticeArea!
    billingArrangement: BillingArrangement!
    currency: String!
    paymentTermsDays: Int!
    flatFee: Money
    contingencyRatePercent: String
    taxRatePercent: String!
    lateFeePolicy: LateFeePolicy!
    evergreenRetainerMinimum: Money
    status: MatterStatus!
    creditHoldReason: String
    "Each source's hold, oldest first; the matter is ON_HOLD while any remains."
    creditHolds: [CreditHold!]!
    openedOn: String!
    closedOn: String
  }

  enum CreditHoldSource {
    PERSON
    CREDIT
  }

  type CreditHold {
    source: CreditHoldSource!
    placedBy: String!
    reason: String!
    "The credit limit breach a CREDIT hold answers."
    breachId: ID
  }

  type Timekeeper {
    id: ID!
    name: String!
    classification: TimekeeperClassification!
    rates: [TimekeeperRate!]!
  }

  type TimekeeperRate {
    id: ID!
    timekeeperId: ID!
    clientId: ID
    matterId: ID
    effectiveFrom: String!
    rate: Money!
  }

  type TimeEntry {
    id: ID!
    matterId: ID!
    timekeeperId: ID!
    workDate: String!
    "Hours in tenths, e.g. \\"1.5\\""
    hours: String!
    rate: Money!
    amount: Money!
    taskCode: String
    activityCode: String
    narrative: String!
    billable: Boolean!
    invoiceId: ID
  }

  type Expense {
    id: ID!
    matterId: ID!
    incurredOn: String!
    expenseCode: String!
    description: String!
    quantity: Int!
    unitCost: Money!
    amount: Money!
    billable: Boolean!
    invoiceId: ID
  }

  type UnbilledWork {
    matterId: ID!
    timeEntries: [TimeEntry!]!
    expenses: [Expense!]!
    fees: Money!
    expenseTotal: Money!
  }

  type InvoiceLine {
    id: ID!
    lineNumber: Int!
    kind: InvoiceLineKind!
    lineDate: String!
    description: String!
    units: String!
    unitCost: Money!
    baseAmount: Money!
    adjustment: Money!
    adjustmentReason: String
    amount: Money!
    taskCode: String
    activityCode: String
    expenseCode: String
    timekeeperId: ID
  }

  type Invoice @key(fields: "id") {
    id: ID!
    invoiceNumber: String
    status: InvoiceStatus!
    client: Client!
    matter: Matter!
    periodStart: String!
    periodEnd: String!
    invoiceDate: String
    dueDate: String
    paymentTermsDays: Int!
    taxRatePercent: String!
    lines: [InvoiceLine!]!
    total: Money!
    paid: Money!
    credited: Money!
    writtenOff: Money!
    lateFees: Money!
    openAmount: Money!
    voidReason: String
  }

  type PaymentAllocation {
    invoice: Invoice!
    amount: Money!
    appliedOn: String!
    reversed: Boolean!
  }

  type Payment @key(fields: "id") {
    id: ID!
    client: Client!
    method: PaymentMethod!
    amount: Money!
    unapplied: Money!
    receivedOn: String!
    reference: String
    status: PaymentStatus!
    reversedOn: String
    reversalReason: String
    allocations: [PaymentAllocation!]!
  }

  type InvoicePage {
    nodes: [Invoice!]!
    hasMore: Boolean!
    endCursor: String
  }

  type Receivable {
    invoice: Invoice!
    openAmount: Money!
    daysPastDue: Int!
  }

  type ReceivablesTotal {
    open: Money!
    invoiceCount: Int!
  }

  type Receivables {
    asOf: String!
    totals: [ReceivablesTotal!]!
    items: [Receivable!]!
    hasMore: Boolean!
    endCursor: String
  }

  type StatementEntry {
    kind: StatementEntryKind!
    date: String!
    reference: String!
    amount: Money!
    balance: Money!
  }

  type AccountStatement {
    client: Client!
    from: String!
    to: String!
    openingBalance: Money!
    closingBalance: Money!
    entries: [StatementEntry!]!
  }

  type CreditNoteResult {
    creditNoteId: ID!
    invoice: Invoice!
  }

  input CreateClientInput {
    displayName: String!
    kind: ClientKind!
    billingContactName: String
    billingEmail: String
    timeZone: String!
    currency: String!
    phone: String
    postalAddress: PostalAddressInput
    preferredContactChannel: ContactChannel
    contactConsent: ContactConsentInput
    language: String
    doNotContact: Boolean
    doNotContactReason: String
  }

  input UpdateClientInput {
    clientId: ID!
    displayName: String
    kind: ClientKind
    billingContactName: String
    billingEmail: String
    timeZone: String
    currency: String
    phone: String
    postalAddress: PostalAddressInput
    preferredContactChannel: ContactChannel
    contactConsent: ContactConsentInput
    language: String
    doNotContact: Boolean
    doNotContactReason: String
  }

  input LateFeePolicyInput {
    kind: LateFeeKind!
    annualRatePercent: String
    flatAmount: MoneyInput
    graceDays: Int
  }

  input OpenMatterInput {
    clientId: ID!
    matterNumber: String!
    description: String!
    "A timekeeper of the firm."
    responsiblePartnerId: ID!
    originatingTimekeeperId: ID
    "One of the firm's practice areas, not retired."
    practiceAreaId: ID!
    billingArrangement: BillingArrangement!
    "Defaults to the client's currency."
    currency: String
    paymentTermsDays: Int!
    flatFee: MoneyInput
    contingencyRatePercent: String
    taxRatePercent: String
    lateFeePolicy: LateFeePolicyInput
    evergreenRetainerMinimum: MoneyInput
    openedOn: String
  }

  input UpdateMatterInput {
    matterId: ID!
    description: String
    responsiblePartnerId: ID
    originatingTimekeeperId: ID
    practiceAreaId: ID
    billingArrangement: BillingArrangement
    paymentTermsDays: Int
    flatFee: MoneyInput
    contingencyRatePercent: String
    taxRatePercent: String
    lateFeePolicy: LateFeePolicyInput
    evergreenRetainerMinimum: MoneyInput
  }

  input CreateTimekeeperInput {
    name: String!
    classification: TimekeeperClassification!
  }

  input SetTimekeeperRateInput {
    timekeeperId: ID!
    "An override for one client, or"
    clientId: ID
    "an override for one matter; neither: the standard rate."
    matterId: ID
    effectiveFrom: String!
    rate: MoneyInput!
  }

  input TimeEntryInput {
    matterId: ID!
    timekeeperId: ID!
    workDate: String!
    hours: String!
    taskCode: String
    activityCode: String
    narrative: String!
    billable: Boolean
  }

  input UpdateTimeEntryInput {
    timeEntryId: ID!
    timekeeperId: ID
    workDate: String
    hours: String
    taskCode: String
    activityCode: String
    narrative: String
    billable: Boolean
  }

  input ExpenseInput {
    matterId: ID!
    incurredOn: String!
    expenseCode: String!
    description: String!
    quantity: Int
    unitCost: MoneyInput!
    billable: Boolean
  }

  input UpdateExpenseInput {
    expenseId: ID!
    incurredOn: String
    expenseCode: String
    description: String
    quantity: Int
    unitCost: MoneyInput
    billable: Boolean
  }

  input AllocationInput {
    invoiceId: ID!
    amount: MoneyInput!
  }

  input RecordPaymentInput {
    clientId: ID!
    method: PaymentMethod!
    amount: MoneyInput!
    receivedOn: String
    reference: String
    "Explicit allocation; without it, open invoices are paid oldest due date first."
    allocations: [AllocationInput!]
  }

  input InvoiceFilter {
    clientId: ID
    matterId: ID
    status: [InvoiceStatus!]
    invoiceDateFrom: String
    invoiceDateTo: String
  }

  type Query {
    clients: [Client!]!
    client(id: ID!): Client
    matters(clientId: ID, status: MatterStatus): [Matter!]!
    matter(id: ID!): Matter
    timekeepers: [Timekeeper!]!
    timeEntries(matterId: ID!, unbilledOnly: Boolean): [TimeEntry!]!
    unbilledWork(matterId: ID!): UnbilledWork
    invoices(filter: InvoiceFilter, first: Int, after: String): InvoicePage!
    invoice(id: ID!): Invoice
    payments(clientId: ID!): [Payment!]!
    payment(id: ID!): Payment
    clientAccountStatement(
      clientId: ID!
      from: String!
      to: String!
      currency: String
    ): AccountStatement!
    receivables(asOf: String!, clientId: ID, first: Int, after: String): Receivables!
  }

  type Mutation {
    createClient(input: CreateClientInput!): Client!
    updateClient(input: UpdateClientInput!): Client!
    openMatter(input: OpenMatterInput!): Matter!
    updateMatter(input: UpdateMatterInput!): Matter!
    closeMatter(matterId: ID!, closedOn: String): Matter!
    placeMatterOnCreditHold(matterId: ID!, reason: String!): Matter!
    releaseMatterCreditHold(matterId: ID!, reason: String): Matter!
    createTimekeeper(input: CreateTimekeeperInput!): Timekeeper!
    setTimekeeperRate(input: SetTimekeeperRateInput!): TimekeeperRate!
    recordTimeEntry(input: TimeEntryInput!): TimeEntry!
    recordTimeEntries(input: [TimeEntryInput!]!): [TimeEntry!]!
    updateTimeEntry(input: UpdateTimeEntryInput!): TimeEntry!
    recordExpense(input: ExpenseInput!): Expense!
    updateExpense(input: UpdateExpenseInput!): Expense!
    "Deletes an unbilled entry recorded by mistake; answers its id."
    deleteTimeEntry(timeEntryId: ID!): ID!
    "Deletes an unbilled expense recorded by mistake; answers its id."
    deleteExpense(expenseId: ID!): ID!
    generateDraftInvoice(
      matterId: ID!
      periodStart: String!
      periodEnd: String!
      "For contingency matters: the amount recovered, on which the contingency share is billed."
      contingencyRecovery: MoneyInput
    ): Invoice!
    adjustInvoiceLine(
      invoiceId: ID!
      lineId: ID!
      adjustment: MoneyInput!
      reason: String!
    ): Invoice!
    issueInvoice(invoiceId: ID!, invoiceDate: String, idempotencyKey: String!): Invoice!
    voidInvoice(invoiceId: ID!, reason: String!, idempotencyKey: String!): Invoice!
    "Partial when an amount is given, else all that is open. The caller is the approver."
    writeOffInvoice(
      invoiceId: ID!
      amount: MoneyInput
      reason: String!
      idempotencyKey: String!
    ): Invoice!
    createCreditNote(
      invoiceId: ID!
      amount: MoneyInput!
      reason: String!
      idempotencyKey: String!
    ): CreditNoteResult!
    recordPayment(input: RecordPaymentInput!, idempotencyKey: String!): Payment!
    applyClientCredit(
      clientId: ID!
      currency: String!
      allocations: [AllocationInput!]
      idempotencyKey: String!
    ): Client!
    reversePayment(
      paymentId: ID!
      reason: String!
      reversedOn: String
      idempotencyKey: String!
    ): Payment!
  }
`;
