import type { Transaction } from 'kysely';
import { webhookEvents } from '@lexfin/contracts';
import { NotFoundError } from '@lexfin/platform';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
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
}

/**
 * Disables an enabled endpoint and tells the firm (lexfin.webhooks.endpoint.disabled.v1) in the
 * same transaction, as `caller`: the person who disabled it, or the delivery that found the
 * receiver gone or failing. An endpoint already disabled is left as it is, without a second event.
 */
export async function disableEndpoint(
  tx: Transaction<WebhooksDatabase>,
  caller: Caller,
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
  const event = eventOf(caller, webhookEvents.endpointDisabled, row.id, {
    endpointId: row.id,
    reason: disabling.reason,
    failingSince: row.failing_since === null ? null : new Date(row.failing_since).toISOString(),
    disabledAt: disabling.now.toISOString(),
  });
  await emit(tx, [event]);
  return row;
}
