import type { ColumnType } from 'kysely';
import type { IdempotencyDatabase, InboxDatabase, OutboxDatabase } from '@lexfin/persistence';

/** A `date` column: read and written as a 'YYYY-MM-DD' business date. */
type BusinessDate = string;

/** A jsonb column: written as JSON text (bigints as strings, see app/json.ts), read parsed. */
type Json = ColumnType<unknown, string, string>;

export interface CreditFactsTable {
  firm_id: string;
  event_id: string;
  seq: number;
  client_id: string;
  kind: string;
  matter_id: string | null;
  ref: string | null;
  amount_minor: bigint;
  currency: string | null;
  business_date: BusinessDate;
  due_date: BusinessDate | null;
  days: number | null;
  occurred_at: Date;
  recorded_at: Date;
}

export interface ClientProfilesTable {
  firm_id: string;
  client_id: string;
  as_of: BusinessDate;
  policy_version: number;
  thin_file: boolean;
  score: number | null;
  grade: string | null;
  payment_index: number | null;
  features: Json;
  assessment: Json;
  assessed_at: Date;
}

interface ExposureColumns {
  unbilled_work_minor: bigint;
  unbilled_expenses_minor: bigint;
  open_receivables_minor: bigint;
  trust_held_minor: bigint;
  exposure_minor: bigint;
}

export interface ClientExposuresTable extends ExposureColumns {
  firm_id: string;
  client_id: string;
  currency: string;
  limit_minor: bigint | null;
}

export interface MatterExposuresTable extends ExposureColumns {
  firm_id: string;
  matter_id: string;
  currency: string;
  client_id: string;
}

export interface CreditFirmsTable {
  firm_id: string;
  time_zone: string;
  rescored_on: BusinessDate | null;
}

export interface CreditPoliciesTable {
  firm_id: string;
  version: number;
  document: Json;
  drafted_by: string;
  drafted_at: Date;
  published_by: string | null;
  published_at: Date | null;
}

export interface CreditLimitsTable {
  firm_id: string;
  client_id: string;
  currency: string;
  amount_minor: bigint;
  reason: string;
  set_by: string;
  set_at: Date;
}

export interface CreditBreachesTable {
  firm_id: string;
  breach_id: string;
  client_id: string;
  currency: string;
  cause: string;
  breached_at: Date;
  restored_at: Date | null;
}

export interface CreditDecisionsTable {
  firm_id: string;
  decision_id: string;
  client_id: string | null;
  requested_by: string;
  input: Json;
  features: Json;
  policy_version: number;
  outcome: string;
  result: Json;
  decided_at: Date;
}

export interface CreditOverridesTable {
  firm_id: string;
  override_id: string;
  decision_id: string;
  outcome: string;
  reason: string;
  approved_by: string;
  overridden_at: Date;
}

export interface CreditDatabase extends OutboxDatabase, InboxDatabase, IdempotencyDatabase {
  credit_facts: CreditFactsTable;
  client_profiles: ClientProfilesTable;
  client_exposures: ClientExposuresTable;
  matter_exposures: MatterExposuresTable;
  credit_firms: CreditFirmsTable;
  credit_policies: CreditPoliciesTable;
  credit_limits: CreditLimitsTable;
  credit_breaches: CreditBreachesTable;
  credit_decisions: CreditDecisionsTable;
  credit_overrides: CreditOverridesTable;
}
