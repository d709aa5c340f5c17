import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { createEvent, webhookEvents } from '@lexfin/contracts';
import { enqueueEvents } from '@lexfin/persistence';
import { NotFoundError } from '@lexfin/platform';
import type { WebhooksDatabase } from '../db/schema';
import type { EndpointDisabledReason } from '../domain/attempt-outcome';
import type { EndpointRow } from './views';

/** The caller's firm's endpoint, locked for the rest of the transaction; NOT_FOUND otherwise. */
export async function lockEndpoint(
  tx: Transaction<WebhooksDatabase>,
  firmId: string,
  endpointId: string,
): Promise<EndpointRow> {
  const row = await tx
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('firm_id', '=', firmId)
    .where('id', '=', endpointId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No such webhook endpoint', { endpointId });
  return row;
}

/** Whose key seals an endpoint's secrets: binds a sealed secret to its row. */
export function secretOwner(firmId: string, endpointId: string): string {
  return `${firmId}/${endpointId}`;
}

export interface Disabling {
  reason: EndpointDisabledReason;
  now: Date;
  correlationId: string;
  /** The event whose delivery led to it, for automatic disabling. */
  causationId?: string;
}

/**
 * Disables an enabled endpoint and tells the firm (lexfin.webhooks.endpoint.disabled.v1) in the
 * same transaction. An endpoint already disabled is left as it is, without a second event.
 */
export async function disableEndpoint(
  tx: Transaction<WebhooksDatabase>,
  endpoint: Pick<EndpointRow, 'firm_id' | 'id'>,
  disabling: Disabling,
): Promise<EndpointRow | undefined> {
  const row = await tx
    .updateTable('webhook_endpoints')
    .set({
      status: 'DISABLED',
      disabled_reason: disabling.reason,
      disabled_at: disabling.now,
      updated_at: disabling.now,
    })
    .where('firm_id', '=', endpoint.firm_id)
    .where('id', '=', endpoint.id)
    .where('status', '=', 'ENABLED')
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const event = createEvent(webhookEvents.endpointDisabled, {
    id: randomUUID(),
    firmId: row.firm_id,
    subject: row.id,
    correlationId: disabling.correlationId,
    causationId: disabling.causationId,
    time: disabling.now,
    data: {
      endpointId: row.id,
      reason: disabling.reason,
      failingSince: row.failing_since === null ? null : new Date(row.failing_since).toISOString(),
      disabledAt: disabling.now.toISOString(),
    },
  });
  await enqueueEvents(tx, [event]);
  return row;
}
