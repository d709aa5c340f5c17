import type { ColumnType, Generated } from 'kysely';
import type { IdempotencyDatabase, InboxDatabase, OutboxDatabase } from '@lexfin/persistence';

/** A `date` column: read and written as a 'YYYY-MM-DD' business date. */
type BusinessDate = string;

export interface ClientsTable {
  firm_id: string;
  client_id: string;
  display_name: string;
  currency: string;
}

export interface MattersTable {
  firm_id: string;
  matter_id: string;
  client_id: string;
  matter_number: string;
  description: string;
  currency: string;
  evergreen_minimum_minor: bigint | null;
  closed_on: BusinessDate | null;
}

export interface InvoicesTable {
  firm_id: string;
  invoice_id: string;
  client_id: string;
  matter_id: string;
  currency: string;
  /** The open amount in billing's latest event about the invoice. */
  billing_open_minor: bigint;
  /** Transfers recorded here that billing has not reported back as TRUST payments yet. */
  unapplied_transfers_minor: Generated<bigint>;
}

export interface OperatingTransfersTable {
  firm_id: string;
  transfer_id: string;
  invoice_id: string;
  client_id: string;
  amount_minor: bigint;
  transferred_on: BusinessDate;
  recorded_at: Generated<Date>;
  billing_payment_id: string | null;
}

export interface TrustAccountsTable {
  firm_id: string;
  id: string;
  name: string;
  kind: 'IOLTA' | 'INTEREST_BEARING';
  currency: string;
  bank_name: string;
  account_last4: string;
  /** The full account number or IBAN, sealed; null for accounts opened before it was asked. */
  account_number_sealed: string | null;
  /** The bank's routing number or BIC. */
  bank_id: string | null;
  approval_threshold_minor: bigint;
  immediately_available_methods: string[];
  journal_sequence: Generated<bigint>;
  journal_head_hash: string;
  locked_through: BusinessDate | null;
  opened_by: string;
  opened_at: Generated<Date>;
}

export type LedgerKind = 'CLIENT_MATTER' | 'FIRM_FUNDS';

export interface LedgersTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  kind: LedgerKind;
  client_id: string | null;
  matter_id: string | null;
  balance_minor: Generated<bigint>;
  uncleared_minor: Generated<bigint>;
}

export interface JournalEntriesTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  sequence: bigint;
  ledger_id: string;
  client_id: string | null;
  matter_id: string | null;
  entry_type: string;
  amount_minor: bigint;
  currency: string;
  effective_date: BusinessDate;
  description: string;
  counterparty: string | null;
  payment_method: string | null;
  reference: string | null;
  invoice_id: string | null;
  source_id: string | null;
  reverses_entry_id: string | null;
  recorded_by: string;
  recorded_at: ColumnType<Date, Date, never>;
  previous_hash: string;
  hash: string;
}

export interface DepositsTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  ledger_id: string;
  entry_id: string;
  amount_minor: bigint;
  method: string;
  received_on: BusinessDate;
  status: 'UNCLEARED' | 'CLEARED' | 'RETURNED' | 'REVERSED';
  cleared_on: BusinessDate | null;
}

export interface DisbursementsTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  ledger_id: string;
  amount_minor: bigint;
  payee: string;
  purpose: string;
  method: string;
  check_number: string | null;
  paid_on: BusinessDate;
  status: 'PENDING_APPROVAL' | 'RECORDED' | 'REJECTED';
  requested_by: string;
  decided_by: string | null;
  rejection_reason: string | null;
  entry_id: string | null;
}

export interface ShortagesTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  ledger_id: string;
  deposit_id: string;
  shortage_minor: bigint;
  detected_on: BusinessDate;
  /** Put back so far by SHORTAGE_COVER entries naming the shortage; at most shortage_minor. */
  covered_minor: Generated<bigint>;
  /** The day the last cover closed it; null while anything is open. */
  covered_on: BusinessDate | null;
}

export interface BankStatementsTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  format: string;
  file_name: string;
  closing_balance_minor: bigint | null;
  line_count: number;
  duplicate_count: number;
  imported_by: string;
  imported_at: Generated<Date>;
}

export interface BankStatementLinesTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  statement_id: string;
  bank_reference: string;
  posted_on: BusinessDate;
  amount_minor: bigint;
  description: string;
  check_number: string | null;
}

export interface ReconciliationsTable {
  firm_id: string;
  id: string;
  trust_account_id: string;
  period_end: BusinessDate;
  statement_balance_minor: bigint;
  status: 'IN_PROGRESS' | 'SIGNED_OFF';
  started_by: string;
  started_at: Generated<Date>;
  signed_off_by: string | null;
  signed_off_at: Date | null;
  report: ColumnType<unknown, string | null, string | null>;
}

export interface ReconciliationMatchesTable {
  firm_id: string;
  reconciliation_id: string;
  statement_line_id: string;
  entry_id: string;
  matched_by: 'AUTO' | 'MANUAL';
}

export interface TrustFirmsTable {
  firm_id: string;
}

export interface ReconciliationRemindersTable {
  firm_id: string;
  trust_account_id: string;
  period_end: BusinessDate;
  reminded_at: Generated<Date>;
}

export interface TrustDatabase extends OutboxDatabase, InboxDatabase, IdempotencyDatabase {
  clients: ClientsTable;
  matters: MattersTable;
  invoices: InvoicesTable;
  operating_transfers: OperatingTransfersTable;
  trust_accounts: TrustAccountsTable;
  ledgers: LedgersTable;
  journal_entries: JournalEntriesTable;
  deposits: DepositsTable;
  disbursements: DisbursementsTable;
  shortages: ShortagesTable;
  bank_statements: BankStatementsTable;
  bank_statement_lines: BankStatementLinesTable;
  reconciliations: ReconciliationsTable;
  reconciliation_matches: ReconciliationMatchesTable;
  trust_firms: TrustFirmsTable;
  reconciliation_reminders: ReconciliationRemindersTable;
}
