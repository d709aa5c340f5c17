import type { ColumnType } from 'kysely';
import type { IdempotencyDatabase, InboxDatabase, OutboxDatabase } from '@lexfin/persistence';

/** A `date` column: read and written as a 'YYYY-MM-DD' business date. */
type BusinessDate = string;
type Json<T> = ColumnType<T, string, string>;
/** A column added later: inserts may leave it out (null). */
type Later<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface FirmsTable {
  firm_id: string;
  time_zone: string;
  default_currency: string;
  working_days: string[];
  country: string | null;
  region: string | null;
}

export interface PostalAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
}

export interface ClientsTable {
  firm_id: string;
  client_id: string;
  display_name: string;
  currency: string;
  time_zone: string;
  billing_email: string | null;
  phone: string | null;
  postal_address: Json<PostalAddress | null>;
  region: string | null;
  consent_email: boolean;
  consent_sms: boolean;
  consent_post: boolean;
  language: string | null;
  do_not_contact: boolean;
}

export interface CreditGradesTable {
  firm_id: string;
  client_id: string;
  grade: string | null;
  as_of: BusinessDate;
}

export interface MattersTable {
  firm_id: string;
  matter_id: string;
  client_id: string;
  matter_number: string;
  description: string;
  currency: string;
  responsible_partner_id: string | null;
  practice_area_id: string | null;
  practice_area: string | null;
  closed_on: BusinessDate | null;
}

export interface InvoicesTable {
  firm_id: string;
  invoice_id: string;
  invoice_number: string;
  client_id: string;
  matter_id: string;
  currency: string;
  invoice_date: BusinessDate;
  due_date: BusinessDate;
  total_minor: bigint;
  open_minor: bigint;
  voided_on: BusinessDate | null;
}

export type MovementKind =
  | 'ISSUED'
  | 'PAYMENT'
  | 'PAYMENT_REVERSED'
  | 'CREDIT_NOTE'
  | 'CLIENT_CREDIT'
  | 'LATE_FEE'
  | 'WRITE_OFF'
  | 'VOID';

/** Money into an invoice (taken off its open amount: negative; a reversal puts it back). */
export const PAID_KINDS = ['PAYMENT', 'CLIENT_CREDIT', 'PAYMENT_REVERSED'] as const;

export interface InvoiceMovementsTable {
  firm_id: string;
  invoice_id: string;
  source_id: string;
  kind: MovementKind;
  on_date: BusinessDate;
  amount_minor: bigint;
  currency: string;
}

/** Per firm, currency and business date: what the firm's KPIs add up (see migration 0131). */
/** Several rows of a day add up (see migration 0132). */
export interface ReceivablesByDayTable {
  id: ColumnType<bigint, never, never>;
  firm_id: string;
  currency: string;
  on_date: BusinessDate;
  billed_minor: bigint;
  collected_minor: bigint;
  ar_change_minor: bigint;
}

export interface OpenAmountHistoryTable {
  firm_id: string;
  invoice_id: string;
  valid_from: BusinessDate;
  /** 'infinity' while current. */
  valid_to: BusinessDate;
  open_minor: bigint;
  currency: string;
  due_date: BusinessDate;
  client_id: string;
  matter_id: string;
}

export interface StatedOpenAmountsTable {
  firm_id: string;
  event_id: string;
  invoice_id: string;
  event_type: string;
  stated_open_minor: bigint;
  replica_open_minor: bigint;
  currency: string;
  stated_at: Date;
}

export interface UnbilledWorkTable {
  firm_id: string;
  work_id: string;
  kind: 'TIME' | 'EXPENSE';
  client_id: string;
  matter_id: string;
  amount_minor: bigint;
  currency: string;
  billable: boolean;
  recorded_on: BusinessDate;
  billed_on: BusinessDate | null;
  deleted_on: BusinessDate | null;
}

export interface CollectionPoliciesTable {
  firm_id: string;
  version: number;
  policy: Json<unknown>;
  published_by: string;
  published_at: Date;
}

export type CaseStatus = 'OPEN' | 'PAUSED' | 'CLOSED';

export interface CollectionCasesTable {
  id: string;
  firm_id: string;
  client_id: string;
  status: CaseStatus;
  owner_user_id: string | null;
  opened_at: Date;
  closed_at: Date | null;
  next_stage: string | null;
  next_action_at: Date | null;
  /** A partner ended the case (null when it closed on its own). */
  ended_by: Later<string>;
  end_reason: Later<string>;
  ended_invoice_ids: Later<string[]>;
}

export interface CollectionAgendaTable {
  firm_id: string;
  client_id: string;
  due_at: Date;
}

/** The firms the sweep visits: every firm that ever had a client on the agenda (no RLS). */
export interface SweepFirmsTable {
  firm_id: string;
}

export interface LettersTable {
  firm_id: string;
  contact_id: string;
  client_id: string;
  stage_kind: string;
  pdf: Buffer;
  sha256: string;
  posted_on: BusinessDate;
  delivered_on: BusinessDate;
  created_at: Date;
}

export interface ContactLogTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string | null;
  at: Date;
  channel: 'EMAIL' | 'SMS' | 'LETTER' | 'CALL';
  outcome: string;
  stage_kind: string | null;
  template_key: string | null;
  matter_ids: string[];
  invoice_ids: string[];
  recorded_by: string;
  note: string | null;
  provider_message_id: string | null;
  detail: string | null;
  /** The client's segment when contacted; null on rows logged before it was recorded. */
  segment: string | null;
}

export interface LadderStepsTable {
  firm_id: string;
  invoice_id: string;
  stage_kind: string;
  client_id: string;
  case_id: string | null;
  policy_version: number;
  at: Date;
  contact_id: string | null;
}

export interface CollectionPausesTable {
  id: string;
  firm_id: string;
  client_id: string;
  level: 'CLIENT' | 'MATTER' | 'INVOICE';
  target_id: string;
  reason: string;
  paused_by: string;
  until: BusinessDate | null;
  lifted_at: Date | null;
  resumed_by: string | null;
}

export interface PromisesToPayTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string | null;
  invoice_ids: string[];
  amount_minor: bigint;
  currency: string;
  made_on: BusinessDate;
  pay_by: BusinessDate;
  note: string | null;
  made_by: string;
  made_at: Date;
  outcome: 'KEPT' | 'BROKEN' | null;
  outcome_on: BusinessDate | null;
}

export type PlanStatus =
  'PROPOSED' | 'AWAITING_APPROVAL' | 'ACTIVE' | 'DECLINED' | 'DEFAULTED' | 'COMPLETED';

export interface PaymentPlansTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string | null;
  invoice_ids: string[];
  currency: string;
  total_minor: bigint;
  interest_minor: bigint;
  grace_days: number;
  is_credit: boolean;
  status: PlanStatus;
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  started_on: BusinessDate | null;
  outcome_on: BusinessDate | null;
}

export interface PlanInstalmentsTable {
  firm_id: string;
  plan_id: string;
  seq: number;
  due_on: BusinessDate;
  amount_minor: bigint;
  /** When its reminder was claimed; given back (null) if that message did not leave. */
  reminded_at: Date | null;
  reminder_contact_id: string | null;
}

export type DisputeStatus = 'OPEN' | 'UPHELD' | 'REJECTED' | 'PARTIAL';

export interface DisputesTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string | null;
  invoice_id: string;
  line_id: string | null;
  amount_minor: bigint;
  currency: string;
  reason: string;
  owner_user_id: string;
  deadline: BusinessDate;
  opened_by: string;
  opened_at: Date;
  status: DisputeStatus;
  credited_minor: bigint | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  owner_reminded_at: Date | null;
}

export interface ChannelOptOutsTable {
  firm_id: string;
  client_id: string;
  channel: 'EMAIL' | 'SMS' | 'LETTER';
  at: Date;
}

export interface AgencyHandoffsTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string;
  agency: string;
  handed_by: string;
  handed_at: Date;
  recalled_by: string | null;
  recalled_at: Date | null;
  recall_reason: Later<string>;
}

export interface WriteOffRecommendationsTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string;
  currency: string;
  amount_minor: bigint;
  invoice_amounts: Json<{ invoiceId: string; amountMinor: string }[]>;
  reason: string;
  recommended_by: string;
  recommended_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
}

export interface FeeArbitrationTable {
  firm_id: string;
  matter_id: string;
  client_id: string;
  delivered_on: BusinessDate | null;
  delivered_by: string | null;
  requested_on: BusinessDate | null;
  requested_by: string | null;
}

export interface WorkItemsTable {
  id: string;
  firm_id: string;
  client_id: string;
  case_id: string;
  kind: string;
  stage_kind: string;
  responsible_role: string;
  due_on: BusinessDate;
  invoice_ids: string[];
  status: 'OPEN' | 'DONE';
  created_at: Date;
  done_at: Date | null;
  /** The person the work is for (a dispute's owner); null for work for a role. */
  assigned_to: string | null;
}

export interface CaseNotesTable {
  id: string;
  firm_id: string;
  case_id: string;
  author: string;
  body: string;
  at: Date;
}

export interface CollectionsDatabase extends OutboxDatabase, InboxDatabase, IdempotencyDatabase {
  firms: FirmsTable;
  clients: ClientsTable;
  credit_grades: CreditGradesTable;
  matters: MattersTable;
  invoices: InvoicesTable;
  invoice_movements: InvoiceMovementsTable;
  open_amount_history: OpenAmountHistoryTable;
  receivables_by_day: ReceivablesByDayTable;
  stated_open_amounts: StatedOpenAmountsTable;
  unbilled_work: UnbilledWorkTable;
  collection_policies: CollectionPoliciesTable;
  collection_cases: CollectionCasesTable;
  collection_agenda: CollectionAgendaTable;
  sweep_firms: SweepFirmsTable;
  letters: LettersTable;
  contact_log: ContactLogTable;
  ladder_steps: LadderStepsTable;
  collection_pauses: CollectionPausesTable;
  fee_arbitration: FeeArbitrationTable;
  work_items: WorkItemsTable;
  case_notes: CaseNotesTable;
  promises_to_pay: PromisesToPayTable;
  payment_plans: PaymentPlansTable;
  plan_instalments: PlanInstalmentsTable;
  disputes: DisputesTable;
  channel_opt_outs: ChannelOptOutsTable;
  agency_handoffs: AgencyHandoffsTable;
  write_off_recommendations: WriteOffRecommendationsTable;
}
