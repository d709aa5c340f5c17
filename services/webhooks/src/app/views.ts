import type { Selectable, Transaction } from 'kysely';
import type { WebhookDeliveriesTable, WebhookEndpointsTable, WebhooksDatabase } from '../db/schema';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

function instant(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** An endpoint as callers see it: never its secrets. */
export function endpointView(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    status: row.status,
    disabledReason: row.disabled_reason,
    disabledAt: instant(row.disabled_at),
    failingSince: instant(row.failing_since),
    previousSecretExpiresAt: instant(row.previous_secret_expires_at),
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
  };
}

export type EndpointView = ReturnType<typeof endpointView>;

/** Deliveries with their attempt logs (one query for all of them); JSON-safe. */
export async function deliveryViews(tx: Transaction<WebhooksDatabase>, rows: DeliveryRow[]) {
  const ids = rows.map((row) => row.id);
  const attempts =
    ids.length === 0
      ? []
      : await tx
          .selectFrom('webhook_delivery_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('attempt')
          .execute();
  return rows.map((row) => ({
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.response_code,
    latencyMs: row.latency_ms,
    lastError: row.last_error,
    createdAt: instant(row.created_at),
    lastAttemptAt: instant(row.last_attempt_at),
    nextAttemptAt: instant(row.next_attempt_at),
    attemptLog: attempts
      .filter((attempt) => attempt.delivery_id === row.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        attemptedAt: instant(attempt.attempted_at),
        responseCode: attempt.response_code,
        latencyMs: attempt.latency_ms,
        responseBody: attempt.response_body,
        error: attempt.error,
      })),
  }));
}

export type DeliveryView = Awaited<ReturnType<typeof deliveryViews>>[number];
