import gql from 'graphql-tag';
import { federationLink, moneyTypeDefs } from '@lexfin/subgraph';

export const typeDefs = gql`
  ${federationLink}
  ${moneyTypeDefs}

  enum TrustAccountKind {
    IOLTA
    INTEREST_BEARING
  }

  "How money comes into or leaves trust (billing's PaymentMethod is a different set: payments it receives)."
  enum TrustPaymentMethod {
    CHECK
    ACH
    WIRE
    CARD
    CASH
    CASHIERS_CHECK
  }

  "Whose money a deposit is: client money goes to a matter ledger, the firm's only to firm funds."
  enum FundsOwner {
    CLIENT
    FIRM
  }

  type TrustAccount {
    id: ID!
    name: String!
    kind: TrustAccountKind!
    currency: String!
    bankName: String!
    accountLast4: String!
    disbursementApprovalThreshold: Money!
    immediatelyAvailableMethods: [TrustPaymentMethod!]!
    "Entries dated on or before this day are frozen by a signed-off reconciliation."
    lockedThrough: String
  }

  type JournalEntry {
    id: ID!
    sequence: String!
    trustAccountId: ID!
    entryType: String!
    clientId: ID
    matterId: ID
    "Signed: positive is money into trust."
    amount: Money!
    effectiveDate: String!
    description: String!
    counterparty: String
    paymentMethod: String
    reference: String
    invoiceId: ID
    sourceId: ID
    reversesEntryId: ID
    recordedBy: String!
    recordedAt: String!
    previousHash: String!
    hash: String!
  }

  type LedgerCardLine {
    entry: JournalEntry!
    runningBalance: Money!
  }

  type ClientLedger {
    trustAccountId: ID!
    clientId: ID!
    matterId: ID!
    balance: Money!
    available: Money!
    uncleared: Money!
    entries: [LedgerCardLine!]!
  }

  type TrialBalanceLine {
    ledgerKind: String!
    clientId: ID
    clientName: String
    matterId: ID
    matterNumber: String
    balance: Money!
  }

  type TrialBalance {
    trustAccountId: ID!
    asOf: String!
    lines: [TrialBalanceLine!]!
    total: Money!
  }

  type TrustDeposit {
    id: ID!
    trustAccountId: ID!
    entryId: ID!
    amount: Money!
    method: TrustPaymentMethod!
    receivedOn: String!
    status: String!
    clearedOn: String
    ledgerBalance: Money
  }

  type TrustDisbursement {
    id: ID!
    trustAccountId: ID!
    amount: Money!
    payee: String!
    purpose: String!
    method: TrustPaymentMethod!
    checkNumber: String
    paidOn: String!
    status: String!
    requestedBy: String!
    decidedBy: String
    rejectionReason: String
    entryId: ID
  }

  type JournalVerification {
    valid: Boolean!
    entriesChecked: Int!
    firstBadEntryId: ID
    problem: String
  }

  type Client @key(fields: "id") {
    id: ID!
    "Trust money held for the client, one amount per currency."
    trustBalance: [Money!]!
  }

  type Matter @key(fields: "id") {
    id: ID!
    trustBalance: [Money!]!
  }

  input OpenTrustAccountInput {
    name: String!
    kind: TrustAccountKind!
    currency: String!
    bankName: String!
    "Derived from accountNumber when that is given; alone only for accounts not yet matched by number."
    accountLast4: String
    "The full account number or IBAN: statements are imported only for the account it names. Stored encrypted, never shown."
    accountNumber: String
    "The bank's routing number or BIC; with it, a statement of the same number at another bank is refused."
    bankId: String
    disbursementApprovalThreshold: MoneyInput!
    "Methods whose deposits count as collected at once; default WIRE and CASHIERS_CHECK."
    immediatelyAvailableMethods: [TrustPaymentMethod!]
  }

  input RecordTrustDepositInput {
    trustAccountId: ID!
    fundsOwner: FundsOwner!
    clientId: ID
    matterId: ID
    amount: MoneyInput!
    method: TrustPaymentMethod!
    receivedOn: String!
    payor: String!
    reference: String
  }

  input RecordTrustDisbursementInput {
    trustAccountId: ID!
    clientId: ID!
    matterId: ID!
    amount: MoneyInput!
    payee: String!
    purpose: String!
    method: TrustPaymentMethod!
    checkNumber: String
    paidOn: String!
  }

  input TransferTrustToOperatingInput {
    trustAccountId: ID!
    invoiceId: ID!
    amount: MoneyInput!
    transferredOn: String!
  }

  input RefundTrustToClientInput {
    trustAccountId: ID!
    clientId: ID!
    matterId: ID!
    amount: MoneyInput!
    method: TrustPaymentMethod!
    refundedOn: String!
    checkNumber: String
  }

  input RecordBankChargeInput {
    trustAccountId: ID!
    amount: MoneyInput!
    chargedOn: String!
    description: String!
  }

  enum StatementFormat {
    CSV
    OFX
    BAI2
    CAMT053
  }

  "Which CSV header column holds what; defaults: Date, Amount, Description, Reference, Check Number."
  input CsvMappingInput {
    date: String!
    amount: String
    debit: String
    credit: String
    description: String!
    reference: String
    checkNumber: String
    "YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or DD.MM.YYYY."
    dateFormat: String!
    "Between fields: comma (default), semicolon, tab or pipe."
    delimiter: String
    "Before the decimals: point (default) or comma; the other mark may group thousands."
    decimalMark: String
  }

  input ImportBankStatementInput {
    trustAccountId: ID!
    format: StatementFormat!
    fileName: String!
    "The file's text, exactly as the bank sent it."
    content: String!
    csvMapping: CsvMappingInput
  }

  type BankStatementImport {
    statementId: ID!
    format: StatementFormat!
    linesInFile: Int!
    imported: Int!
    duplicates: Int!
    closingBalance: Money
  }

  type ReconcilingBankLine {
    id: ID!
    bankReference: String!
    postedOn: String!
    "Signed: positive is money the bank received."
    amount: Money!
    description: String!
    checkNumber: String
  }

  type ReconcilingEntry {
    id: ID!
    entryType: String!
    effectiveDate: String!
    amount: Money!
    description: String!
    reference: String
    clientId: ID
    matterId: ID
  }

  enum ReconciliationStatus {
    IN_PROGRESS
    SIGNED_OFF
  }

  "Three-way reconciliation of a period end: (a) adjusted bank, (b) journal, (c) client ledgers."
  type TrustReconciliation {
    id: ID!
    trustAccountId: ID!
    periodEnd: String!
    status: ReconciliationStatus!
    statementBalance: Money!
    depositsInTransit: [ReconcilingEntry!]!
    outstandingChecks: [ReconcilingEntry!]!
    "Bank lines no entry explains: fees, returned items, interest not yet booked."
    unmatchedBankLines: [ReconcilingBankLine!]!
    unmatchedJournalEntries: [ReconcilingEntry!]!
    "Entries reversed before the bank saw them: no effect on any balance."
    cancelledEntries: [ReconcilingEntry!]!
    totalDepositsInTransit: Money!
    totalOutstandingChecks: Money!
    adjustedBankBalance: Money!
    journalBalance: Money!
    clientLedgersTotal: Money!
    balanced: Boolean!
    matchedLines: Int!
    clientTrialBalance: TrialBalance!
    startedBy: String!
    startedAt: String!
    signedOffBy: String
    signedOffAt: String
  }

  type TrustStatementLine {
    entryId: ID!
    date: String!
    entryType: String!
    description: String!
    reference: String
    amount: Money!
    runningBalance: Money!
  }

  type MatterTrustStatement {
    matterId: ID!
    matterNumber: String!
    description: String!
    openingBalance: Money!
    receipts: Money!
    payments: Money!
    closingBalance: Money!
    lines: [TrustStatementLine!]!
  }

  type ClientTrustStatement {
    trustAccountId: ID!
    trustAccountName: String!
    clientId: ID!
    clientName: String!
    from: String!
    to: String!
    matters: [MatterTrustStatement!]!
  }

  enum TrustShortageStatus {
    OPEN
    COVERED
  }

  enum TrustShortageFilter {
    OPEN
    COVERED
    ALL
  }

  "What a returned deposit left a client's matter ledger short: the firm must cover it from its operating funds."
  type TrustShortage {
    id: ID!
    trustAccountId: ID!
    clientId: ID!
    matterId: ID!
    status: TrustShortageStatus!
    "The shortage as detected (positive)."
    amount: Money!
    "Put back so far by the firm."
    covered: Money!
    open: Money!
    "The business date the returned deposit took the ledger below zero."
    since: String!
    "The business date of the cover that closed it; null while open."
    coveredOn: String
    "The returned deposit that caused it."
    depositId: ID!
    "The DEPOSIT_RETURNED journal entry that caused it."
    causedByEntryId: ID!
    "The SHORTAGE_COVER journal entries naming it, in posting order."
    covers: [JournalEntry!]!
  }

  input StartTrustReconciliationInput {
    trustAccountId: ID!
    periodEnd: String!
    "The bank statement's closing balance on the period end."
    statementBalance: MoneyInput!
  }

  type Query {
    trustAccounts: [TrustAccount!]!
    trustAccount(id: ID!): TrustAccount!
    clientLedger(
      trustAccountId: ID!
      clientId: ID!
      matterId: ID!
      from: String
      to: String
    ): ClientLedger!
    trustJournal(trustAccountId: ID!, from: String!, to: String!): [JournalEntry!]!
    trustTrialBalance(trustAccountId: ID!, asOf: String!): TrialBalance!
    verifyTrustJournal(trustAccountId: ID!): JournalVerification!
    trustReconciliation(id: ID!): TrustReconciliation!
    "A client's own login (client_portal) may read its own statement."
    clientTrustStatement(
      trustAccountId: ID!
      clientId: ID!
      matterId: ID
      from: String!
      to: String!
    ): ClientTrustStatement!
    "A trust account's shortages, the oldest first (a bar auditor's first question)."
    trustShortages(trustAccountId: ID!, status: TrustShortageFilter! = OPEN): [TrustShortage!]!
  }

  type Mutation {
    openTrustAccount(idempotencyKey: String!, input: OpenTrustAccountInput!): TrustAccount!
    recordTrustDeposit(idempotencyKey: String!, input: RecordTrustDepositInput!): TrustDeposit!
    markTrustDepositCleared(
      idempotencyKey: String!
      depositId: ID!
      clearedOn: String!
    ): TrustDeposit!
    recordTrustDepositReturned(
      idempotencyKey: String!
      depositId: ID!
      returnedOn: String!
      reason: String!
    ): TrustDeposit!
    recordTrustDisbursement(
      idempotencyKey: String!
      input: RecordTrustDisbursementInput!
    ): TrustDisbursement!
    approveTrustDisbursement(idempotencyKey: String!, disbursementId: ID!): TrustDisbursement!
    rejectTrustDisbursement(
      idempotencyKey: String!
      disbursementId: ID!
      reason: String!
    ): TrustDisbursement!
    transferTrustToOperating(
      idempotencyKey: String!
      input: TransferTrustToOperatingInput!
    ): JournalEntry!
    refundTrustToClient(idempotencyKey: String!, input: RefundTrustToClientInput!): JournalEntry!
    reverseTrustTransaction(
      idempotencyKey: String!
      entryId: ID!
      reason: String!
      reversedOn: String!
    ): JournalEntry!
    recordBankCharge(idempotencyKey: String!, input: RecordBankChargeInput!): JournalEntry!
    "The firm's own operating money restores a client's ledger: a SHORTAGE_COVER entry naming the shortage (trust accountant or partner)."
    coverTrustShortage(
      idempotencyKey: String!
      shortageId: ID!
      amount: MoneyInput!
      "The firm's transfer or check that brings the money in, as the bank statement will show it."
      reference: String!
      coveredOn: String!
    ): TrustShortage!
    importBankStatement(
      idempotencyKey: String!
      input: ImportBankStatementInput!
    ): BankStatementImport!
    startTrustReconciliation(
      idempotencyKey: String!
      input: StartTrustReconciliationInput!
    ): TrustReconciliation!
    matchStatementLine(
      reconciliationId: ID!
      statementLineId: ID!
      entryId: ID!
    ): TrustReconciliation!
    unmatchStatementLine(reconciliationId: ID!, statementLineId: ID!): TrustReconciliation!
    signOffTrustReconciliation(idempotencyKey: String!, reconciliationId: ID!): TrustReconciliation!
  }
`;
