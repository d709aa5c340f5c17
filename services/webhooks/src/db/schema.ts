import type { ColumnType, Generated } from 'kysely';
import type { IdempotencyDatabase, OutboxDatabase } from '@lexfin/persistence';
import type { EndpointDisabledReason } from '../domain/attempt-outcome';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type EndpointStatus = 'ENABLED' | 'DISABLED';
export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export interface WebhookEndpointsTable {
  firm_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string[];
  status: EndpointStatus;
  disabled_reason: EndpointDisabledReason | null;
  disabled_at: Timestamp | null;
  /** The current signing secret, sealed (SealedBox of @lexfin/platform); never stored or logged in clear. */
  signing_secret_sealed: string;
  /** The secret replaced by the last rotation, still signing until previous_secret_expires_at. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  firm_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The CloudEvent JSON exactly as consumed: the body of every attempt. */
  payload: string;
  status: DeliveryStatus;
  generation: Generated<number>;
  attempts: Generated<number>;
  response_code: number | null;
  latency_ms: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  last_attempt_at: Timestamp | null;
  next_attempt_at: Timestamp | null;
}

export interface WebhookDeliveryAttemptsTable {
  firm_id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: Timestamp;
  response_code: number | null;
  latency_ms: number;
  /** The start of the receiver's answer, truncated. */
  response_body: string | null;
  error: string | null;
}

export interface WebhooksDatabase extends OutboxDatabase, IdempotencyDatabase {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
}
