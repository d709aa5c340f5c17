import type { Selectable } from 'kysely';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import { openMinor } from '../domain/shortage';
import { journalEntry } from './journal-row';
import type {
  DepositsTable,
  DisbursementsTable,
  JournalEntriesTable,
  ShortagesTable,
  TrustAccountsTable,
} from '../db/schema';

// JSON-safe shapes (money as decimal strings) that GraphQL serves as they are and that
// idempotency keys store as a command's answer.

export interface EntryView {
  id: string;
  sequence: string;
  trustAccountId: string;
  entryType: string;
  clientId: string | null;
  matterId: string | null;
  amount: MoneyOutput;
  effectiveDate: string;
  description: string;
  counterparty: string | null;
  paymentMethod: string | null;
  reference: string | null;
  invoiceId: string | null;
  sourceId: string | null;
  reversesEntryId: string | null;
  recordedBy: string;
  recordedAt: string;
  previousHash: string;
  hash: string;
}

/** The entry as GraphQL serves it: the journal entry's fields, money and time as strings. */
export function entryView(row: Selectable<JournalEntriesTable>): EntryView {
  const {
    ledgerId: _ledgerId,
    amountMinor,
    currency,
    sequence,
    recordedAt,
    ...fields
  } = journalEntry(row);
  return {
    ...fields,
    sequence: sequence.toString(),
    amount: moneyOutput(amountMinor, currency),
    recordedAt: recordedAt.toISOString(),
  };
}

export interface AccountView {
  id: string;
  name: string;
  kind: string;
  currency: string;
  bankName: string;
  accountLast4: string;
  disbursementApprovalThreshold: MoneyOutput;
  immediatelyAvailableMethods: string[];
  lockedThrough: string | null;
}

export function accountView(row: Selectable<TrustAccountsTable>): AccountView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency,
    bankName: row.bank_name,
    accountLast4: row.account_last4,
    disbursementApprovalThreshold: moneyOutput(row.approval_threshold_minor, row.currency),
    immediatelyAvailableMethods: row.immediately_available_methods,
    lockedThrough: row.locked_through,
  };
}

export interface DepositView {
  id: string;
  trustAccountId: string;
  entryId: string;
  amount: MoneyOutput;
  method: string;
  receivedOn: string;
  status: string;
  clearedOn: string | null;
  /** The ledger's balance right after this command; negative means a shortage. */
  ledgerBalance: MoneyOutput | null;
}

export function depositView(
  row: Selectable<DepositsTable>,
  currency: string,
  ledgerBalanceMinor: bigint | null = null,
): DepositView {
  return {
    id: row.id,
    trustAccountId: row.trust_account_id,
    entryId: row.entry_id,
    amount: moneyOutput(row.amount_minor, currency),
    method: row.method,
    receivedOn: row.received_on,
    status: row.status,
    clearedOn: row.cleared_on,
    ledgerBalance: ledgerBalanceMinor === null ? null : moneyOutput(ledgerBalanceMinor, currency),
  };
}

export interface DisbursementView {
  id: string;
  trustAccountId: string;
  amount: MoneyOutput;
  payee: string;
  purpose: string;
  method: string;
  checkNumber: string | null;
  paidOn: string;
  status: string;
  requestedBy: string;
  decidedBy: string | null;
  rejectionReason: string | null;
  entryId: string | null;
}

export function disbursementView(
  row: Selectable<DisbursementsTable>,
  currency: string,
): DisbursementView {
  return {
    id: row.id,
    trustAccountId: row.trust_account_id,
    amount: moneyOutput(row.amount_minor, currency),
    payee: row.payee,
    purpose: row.purpose,
    method: row.method,
    checkNumber: row.check_number,
    paidOn: row.paid_on,
    status: row.status,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    rejectionReason: row.rejection_reason,
    entryId: row.entry_id,
  };
}

export interface ShortageView {
  id: string;
  trustAccountId: string;
  clientId: string;
  matterId: string;
  status: 'OPEN' | 'COVERED';
  amount: MoneyOutput;
  covered: MoneyOutput;
  open: MoneyOutput;
  since: string;
  coveredOn: string | null;
  depositId: string;
  causedByEntryId: string;
  covers: EntryView[];
}

/** A shortage with the client's matter it is on, the returned deposit's entry and the covers. */
export interface ShortageRecord {
  row: Pick<
    Selectable<ShortagesTable>,
    'id' | 'shortage_minor' | 'covered_minor' | 'detected_on' | 'covered_on' | 'deposit_id'
  >;
  clientId: string;
  matterId: string;
  returnedEntryId: string;
  covers: Selectable<JournalEntriesTable>[];
}

export function shortageView(
  { row, clientId, matterId, returnedEntryId, covers }: ShortageRecord,
  trustAccountId: string,
  currency: string,
): ShortageView {
  const money = (minor: bigint) => moneyOutput(minor, currency);
  return {
    id: row.id,
    trustAccountId,
    clientId,
    matterId,
    status: row.covered_on === null ? 'OPEN' : 'COVERED',
    amount: money(row.shortage_minor),
    covered: money(row.covered_minor),
    open: money(openMinor({ shortageMinor: row.shortage_minor, coveredMinor: row.covered_minor })),
    since: row.detected_on,
    coveredOn: row.covered_on,
    depositId: row.deposit_id,
    causedByEntryId: returnedEntryId,
    covers: covers.map(entryView),
  };
}
