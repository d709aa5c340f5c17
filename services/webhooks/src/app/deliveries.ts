import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { createEvent, encodeEvent, webhookEvents } from '@lexfin/contracts';
import { enqueueEvents, inFirmTransaction, runIdempotent } from '@lexfin/persistence';
import { DomainRuleError, NotFoundError, requireRole } from '@lexfin/platform';
import type { CommandContext } from './context';
import { lockEndpoint } from './endpoint-records';
import { WEBHOOK_MANAGERS } from './roles';
import type { WebhooksDatabase } from '../db/schema';
import { deliveryViews, type DeliveryRow, type DeliveryView, type EndpointRow } from './views';

const DELIVERIES_PER_PAGE = 100;

/** The endpoint's deliveries, newest first, each with its attempt log. */
export async function webhookDeliveries(context: CommandContext, endpointId: string) {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const firmId = context.identity.firmId;
  return inFirmTransaction(context.db, firmId, async (tx) => {
    const endpoint = await tx
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('firm_id', '=', firmId)
      .where('id', '=', endpointId)
      .executeTakeFirst();
    if (!endpoint) throw new NotFoundError('No such webhook endpoint', { endpointId });
    const rows = await tx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('firm_id', '=', firmId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(DELIVERIES_PER_PAGE)
      .execute();
    return deliveryViews(tx, rows);
  });
}

function requireEnabled(endpoint: EndpointRow): void {
  if (endpoint.status !== 'ENABLED') {
    throw new DomainRuleError(
      'WEBHOOK_ENDPOINT_DISABLED',
      'The webhook endpoint is disabled: enable it with updateWebhookEndpoint(enable: true) first',
      { endpointId: endpoint.id },
    );
  }
}

/**
 * A command that (re)sends a delivery, once per idempotency key: `work` leaves the delivery
 * pending in the caller's transaction; once committed, it is queued.
 */
async function sendOnce(
  context: CommandContext,
  request: { operation: string; idempotencyKey: string; input: Record<string, string> },
  work: (tx: Transaction<WebhooksDatabase>, firmId: string) => Promise<DeliveryRow>,
): Promise<DeliveryView> {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const firmId = context.identity.firmId;
  const { operation, idempotencyKey: key, input } = request;
  const view = await inFirmTransaction(context.db, firmId, (tx) =>
    runIdempotent(tx, { firmId, key, operation, input }, async () => {
      const [sent] = await deliveryViews(tx, [await work(tx, firmId)]);
      return sent!;
    }),
  );
  await scheduleIfPending(context, view.id);
  return view;
}

/**
 * Sends a delivery again from the first step of the schedule: the same event, body and
 * webhook-id. Earlier attempts stay in the log; a series still retrying is superseded.
 */
export function replayWebhookDelivery(
  context: CommandContext,
  deliveryId: string,
  idempotencyKey: string,
): Promise<DeliveryView> {
  const request = { operation: 'replayWebhookDelivery', idempotencyKey, input: { deliveryId } };
  return sendOnce(context, request, async (tx, firmId) => {
    const delivery = await tx
      .selectFrom('webhook_deliveries')
      .select('endpoint_id')
      .where('firm_id', '=', firmId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!delivery) throw new NotFoundError('No such webhook delivery', { deliveryId });
    requireEnabled(await lockEndpoint(tx, firmId, delivery.endpoint_id));
    return tx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: 'PENDING',
        generation: eb('generation', '+', 1),
        last_error: null,
        next_attempt_at: context.clock(),
      }))
      .where('firm_id', '=', firmId)
      .where('id', '=', deliveryId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Sends a lexfin.webhooks.endpoint.tested.v1 event to this endpoint only, whatever it subscribes
 * to. The event is also published, so operations see that a test was asked for.
 */
export function sendTestWebhook(
  context: CommandContext,
  endpointId: string,
  idempotencyKey: string,
): Promise<DeliveryView> {
  const request = { operation: 'sendTestWebhook', idempotencyKey, input: { endpointId } };
  return sendOnce(context, request, async (tx, firmId) => {
    requireEnabled(await lockEndpoint(tx, firmId, endpointId));
    const event = createEvent(webhookEvents.endpointTested, {
      firmId,
      subject: endpointId,
      correlationId: context.correlationId,
      data: { endpointId, requestedBy: context.identity.userId },
    });
    await enqueueEvents(tx, [event]);
    return tx
      .insertInto('webhook_deliveries')
      .values({
        firm_id: firmId,
        id: randomUUID(),
        endpoint_id: endpointId,
        event_id: event.id,
        event_type: event.type,
        payload: encodeEvent(event).value,
        status: 'PENDING',
        response_code: null,
        latency_ms: null,
        last_error: null,
        last_attempt_at: null,
        next_attempt_at: context.clock(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Queues the delivery's current series after the transaction committed. Also on a repeated
 * request: if queueing failed the first time, the caller's retry with the same key queues it.
 */
async function scheduleIfPending(context: CommandContext, deliveryId: string): Promise<void> {
  const firmId = context.identity.firmId;
  const row = await inFirmTransaction(context.db, firmId, (tx) =>
    tx
      .selectFrom('webhook_deliveries')
      .select('generation')
      .where('firm_id', '=', firmId)
      .where('id', '=', deliveryId)
      .where('status', '=', 'PENDING')
      .executeTakeFirst(),
  );
  if (row) await context.deliveries.schedule([{ firmId, deliveryId, generation: row.generation }]);
}
