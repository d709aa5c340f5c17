import type { ColumnType, Generated } from 'kysely';
import type { IdempotencyDatabase, InboxDatabase, OutboxDatabase } from '@lexfin/persistence';
import type {
  BillingArrangement,
  InvoiceLineKind,
  InvoiceStatus,
  LateFeeKind,
  MatterStatus,
  PaymentMethod,
  Weekday,
} from '../domain/types';
import type { CreditBreachCause } from '../domain/credit-breaches';
import type { CreditHoldSource } from '../domain/credit-holds';

/** Set by the database, never written by the app. */
type Computed<T> = ColumnType<T, never, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface FirmTable {
  firm_id: string;
  time_zone: Defaulted<string>;
  /** The business date, in the firm's zone, that the daily run last covered. */
  daily_run_on: Defaulted<string | null>;
}

export interface FirmSettingsTable {
  firm_id: string;
  default_currency: string;
  working_days: Weekday[];
  country: string | null;
  region: string | null;
  updated_at: Defaulted<Date>;
}

export interface ClientTable {
  id: string;
  firm_id: string;
  display_name: string;
  kind: 'PERSON' | 'ORGANISATION';
  billing_contact_name: string | null;
  billing_email: string | null;
  time_zone: string;
  currency: string;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_city: string | null;
  address_region: string | null;
  address_postal_code: string | null;
  address_country: string | null;
  preferred_contact_channel: 'EMAIL' | 'SMS' | 'POST' | null;
  consent_email: Defaulted<boolean>;
  consent_sms: Defaulted<boolean>;
  consent_post: Defaulted<boolean>;
  language: string | null;
  do_not_contact: Defaulted<boolean>;
  do_not_contact_reason: string | null;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
}

export interface MatterTable {
  id: string;
  firm_id: string;
  client_id: string;
  matter_number: string;
  description: string;
  responsible_partner_id: string | null;
  originating_timekeeper_id: string | null;
  practice_area_id: string;
  billing_arrangement: BillingArrangement;
  currency: string;
  payment_terms_days: number;
  flat_fee_minor: bigint | null;
  contingency_rate_ppm: number | null;
  tax_rate_ppm: number;
  late_fee_kind: LateFeeKind;
  late_fee_annual_rate_ppm: number;
  late_fee_flat_minor: bigint;
  late_fee_grace_days: number;
  evergreen_retainer_minimum_minor: bigint | null;
  status: Defaulted<MatterStatus>;
  credit_hold_reason: string | null;
  opened_on: string;
  closed_on: string | null;
}

export interface MatterCreditHoldTable {
  firm_id: string;
  matter_id: string;
  source: CreditHoldSource;
  placed_by: string;
  reason: string;
  breach_id: string | null;
  placed_at: Defaulted<Date>;
}

/** A breach credit reported; cause, reason and opened_at are null while only its restore is known. */
export interface ClientCreditBreachTable {
  firm_id: string;
  client_id: string;
  breach_id: string;
  currency: string;
  cause: CreditBreachCause | null;
  reason: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
}

export interface PracticeAreaTable {
  id: string;
  firm_id: string;
  name: string;
  retired_at: Date | null;
  created_at: Defaulted<Date>;
}

export interface TimekeeperTable {
  id: string;
  firm_id: string;
  name: string;
  classification: string;
}

export interface TimekeeperRateTable {
  id: string;
  firm_id: string;
  timekeeper_id: string;
  client_id: string | null;
  matter_id: string | null;
  effective_from: string;
  rate_minor: bigint;
  currency: string;
}

export interface TimeEntryTable {
  id: string;
  firm_id: string;
  client_id: string;
  matter_id: string;
  timekeeper_id: string;
  work_date: string;
  tenths: number;
  rate_minor: bigint;
  amount_minor: bigint;
  currency: string;
  task_code: string | null;
  activity_code: string | null;
  narrative: string;
  billable: boolean;
  invoice_id: string | null;
  created_at: Defaulted<Date>;
}

export interface ExpenseTable {
  id: string;
  firm_id: string;
  client_id: string;
  matter_id: string;
  incurred_on: string;
  expense_code: string;
  description: string;
  quantity: number;
  unit_cost_minor: bigint;
  amount_minor: bigint;
  currency: string;
  billable: boolean;
  invoice_id: string | null;
  created_at: Defaulted<Date>;
}

export interface InvoiceCounterTable {
  firm_id: string;
  last_invoice_sequence: Defaulted<bigint>;
  last_credit_note_sequence: Defaulted<bigint>;
}

export interface InvoiceTable {
  id: string;
  firm_id: string;
  client_id: string;
  matter_id: string;
  status: InvoiceStatus;
  invoice_number: string | null;
  period_start: string;
  period_end: string;
  invoice_date: string | null;
  due_date: string | null;
  payment_terms_days: number;
  currency: string;
  tax_rate_ppm: number;
  total_minor: Defaulted<bigint>;
  paid_minor: Defaulted<bigint>;
  credited_minor: Defaulted<bigint>;
  written_off_minor: Defaulted<bigint>;
  late_fees_minor: Defaulted<bigint>;
  open_minor: Computed<bigint>;
  late_fees_assessed_through: string | null;
  overdue_reported_on: string | null;
  issued_at: Date | null;
  voided_at: Date | null;
  void_reason: string | null;
  created_at: Defaulted<Date>;
}

export interface InvoiceLineTable {
  id: string;
  firm_id: string;
  invoice_id: string;
  line_number: number;
  kind: InvoiceLineKind;
  line_date: string;
  description: string;
  units_tenths: number;
  unit_cost_minor: bigint;
  base_minor: bigint;
  adjustment_minor: Defaulted<bigint>;
  adjustment_reason: string | null;
  amount_minor: Computed<bigint>;
  task_code: string | null;
  activity_code: string | null;
  expense_code: string | null;
  timekeeper_id: string | null;
  time_entry_id: string | null;
  expense_id: string | null;
}

export interface CreditNoteTable {
  id: string;
  firm_id: string;
  client_id: string;
  invoice_id: string;
  credit_note_number: string;
  amount_minor: bigint;
  currency: string;
  reason: string;
  issued_on: string;
  created_at: Defaulted<Date>;
}

export interface WriteOffTable {
  id: string;
  firm_id: string;
  client_id: string;
  invoice_id: string;
  amount_minor: bigint;
  currency: string;
  reason: string;
  approved_by: string;
  written_off_on: string;
  created_at: Defaulted<Date>;
}

export interface PaymentTable {
  id: string;
  firm_id: string;
  client_id: string;
  method: PaymentMethod;
  amount_minor: bigint;
  unapplied_minor: bigint;
  currency: string;
  received_on: string;
  reference: string | null;
  status: Defaulted<'RECORDED' | 'REVERSED'>;
  reversed_on: string | null;
  reversal_reason: string | null;
  created_at: Defaulted<Date>;
}

export interface PaymentAllocationTable {
  id: string;
  firm_id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: bigint;
  applied_on: string;
  reversed: Generated<boolean>;
}

export interface BillingDatabase extends OutboxDatabase, InboxDatabase, IdempotencyDatabase {
  firms: FirmTable;
  firm_settings: FirmSettingsTable;
  clients: ClientTable;
  matters: MatterTable;
  timekeepers: TimekeeperTable;
  practice_areas: PracticeAreaTable;
  timekeeper_rates: TimekeeperRateTable;
  matter_credit_holds: MatterCreditHoldTable;
  client_credit_breaches: ClientCreditBreachTable;
  time_entries: TimeEntryTable;
  expenses: ExpenseTable;
  invoice_counters: InvoiceCounterTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  credit_notes: CreditNoteTable;
  write_offs: WriteOffTable;
  payments: PaymentTable;
  payment_allocations: PaymentAllocationTable;
}
