import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { encodeEvent, webhookEvents } from '@lexfin/contracts';
import { DomainRuleError, NotFoundError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, runCommand, type CommandRequest } from '@lexfin/service-kit';
import type { WebhooksDatabase } from '../db/schema';
import type { WebhooksRequest } from './dependencies';
import { lockEndpoint } from './endpoint-records';
import { WEBHOOK_MANAGERS } from './roles';
import { deliveryViews, type DeliveryRow, type DeliveryView, type EndpointRow } from './views';

const DELIVERIES_PER_PAGE = 100;

/** The endpoint's deliveries, newest first, each with its attempt log. */
export async function webhookDeliveries({ caller, deps }: WebhooksRequest, endpointId: string) {
  allow(caller, WEBHOOK_MANAGERS);
  const firmId = caller.firmId;
  return inFirm(deps.db, caller, async (tx) => {
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
 * pending in the command's transaction; once committed, it is queued.
 */
async function sendOnce(
  request: WebhooksRequest,
  command: CommandRequest,
  work: (tx: Transaction<WebhooksDatabase>) => Promise<DeliveryRow>,
): Promise<DeliveryView> {
  const { caller, deps } = request;
  allow(caller, WEBHOOK_MANAGERS);
  const view = await runCommand(deps.db, caller, command, async (tx) => {
    const [sent] = await deliveryViews(tx, [await work(tx)]);
    return sent!;
  });
  await scheduleIfPending(request, view.id);
  return view;
}

/**
 * Sends a delivery again from the first step of the schedule: the same event, body and
 * webhook-id. Earlier attempts stay in the log; a series still retrying is superseded.
 */
export function replayWebhookDelivery(
  request: WebhooksRequest,
  deliveryId: string,
  idempotencyKey: string,
): Promise<DeliveryView> {
  const firmId = request.caller.firmId;
  const command = { operation: 'replayWebhookDelivery', idempotencyKey, input: { deliveryId } };
  return sendOnce(request, command, async (tx) => {
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
        next_attempt_at: request.deps.clock(),
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
  request: WebhooksRequest,
  endpointId: string,
  idempotencyKey: string,
): Promise<DeliveryView> {
  const { caller, deps } = request;
  const command = { operation: 'sendTestWebhook', idempotencyKey, input: { endpointId } };
  return sendOnce(request, command, async (tx) => {
    requireEnabled(await lockEndpoint(tx, caller.firmId, endpointId));
    const event = eventOf(caller, webhookEvents.endpointTested, endpointId, {
      endpointId,
      requestedBy: caller.userId,
    });
    await emit(tx, [event]);
    return tx
      .insertInto('webhook_deliveries')
      .values({
        firm_id: caller.firmId,
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
        next_attempt_at: deps.clock(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Queues the delivery's current series after the transaction committed. Also on a repeated
 * request: if queueing failed the first time, the caller's retry with the same key queues it.
 */
async function scheduleIfPending({ caller, deps }: WebhooksRequest, deliveryId: string) {
  const firmId = caller.firmId;
  const row = await inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom('webhook_deliveries')
      .select('generation')
      .where('firm_id', '=', firmId)
      .where('id', '=', deliveryId)
      .where('status', '=', 'PENDING')
      .executeTakeFirst(),
  );
  if (row) await deps.deliveries.schedule([{ firmId, deliveryId, generation: row.generation }]);
}
