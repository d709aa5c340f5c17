import { randomUUID } from 'node:crypto';
import { inFirmTransaction } from '@lexfin/persistence';
import { BadUserInputError, requireRole } from '@lexfin/platform';
import { parseEndpointUrl } from '../domain/endpoint-url';
import { newSigningSecret, ROTATION_OVERLAP_MS } from '../domain/signing-secrets';
import { DestinationRefusedError } from '../outbound/destinations';
import type { CommandContext } from './context';
import { disableEndpoint, lockEndpoint, secretOwner } from './endpoint-records';
import { WEBHOOK_MANAGERS } from './roles';
import { endpointView } from './views';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description: string;
}

/** An http(s) URL whose host resolves only to addresses the policy allows; else BAD_USER_INPUT. */
async function vetUrl(context: CommandContext, text: string): Promise<string> {
  const parsed = parseEndpointUrl(text);
  if ('problem' in parsed) throw new BadUserInputError({ url: parsed.problem });
  try {
    await context.destinations.vet(parsed.url);
  } catch (error) {
    if (error instanceof DestinationRefusedError) {
      throw new BadUserInputError({ url: `is not allowed: ${error.message}` });
    }
    throw error;
  }
  return parsed.url.toString();
}

/**
 * Subscribes a URL to event types. The answer is the only place the signing secret ever appears:
 * it is stored sealed and is not kept with an idempotency key (so this command takes none).
 */
export async function createWebhookEndpoint(context: CommandContext, input: EndpointInput) {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const url = await vetUrl(context, input.url);
  const firmId = context.identity.firmId;
  const id = randomUUID();
  const secret = newSigningSecret();
  const row = await inFirmTransaction(context.db, firmId, (tx) =>
    tx
      .insertInto('webhook_endpoints')
      .values({
        firm_id: firmId,
        id,
        url,
        description: input.description,
        event_types: input.eventTypes,
        status: 'ENABLED',
        disabled_reason: null,
        disabled_at: null,
        signing_secret_sealed: context.secrets.seal(secret, secretOwner(firmId, id)),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        failing_since: null,
        created_by: context.identity.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return { endpoint: endpointView(row), secret };
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: string[];
  description?: string;
  /** True turns a disabled endpoint back on, with a clean failure record. */
  enable?: boolean;
}

export async function updateWebhookEndpoint(
  context: CommandContext,
  endpointId: string,
  changes: EndpointChanges,
) {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const url = changes.url === undefined ? undefined : await vetUrl(context, changes.url);
  const firmId = context.identity.firmId;
  return inFirmTransaction(context.db, firmId, async (tx) => {
    const endpoint = await lockEndpoint(tx, firmId, endpointId);
    const enabling = changes.enable === true && endpoint.status === 'DISABLED';
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({
        url: url ?? endpoint.url,
        event_types: changes.eventTypes ?? endpoint.event_types,
        description: changes.description ?? endpoint.description,
        updated_at: context.clock(),
        ...(enabling
          ? { status: 'ENABLED', disabled_reason: null, disabled_at: null, failing_since: null }
          : {}),
      })
      .where('firm_id', '=', firmId)
      .where('id', '=', endpointId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return endpointView(row);
  });
}

/**
 * A new signing secret, shown once. The replaced one keeps signing beside it for 24 h, so the
 * receiver can switch without dropping a webhook; a second rotation within that time retires it.
 */
export async function rotateWebhookSecret(context: CommandContext, endpointId: string) {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const firmId = context.identity.firmId;
  const secret = newSigningSecret();
  const now = context.clock();
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  const row = await inFirmTransaction(context.db, firmId, async (tx) => {
    const endpoint = await lockEndpoint(tx, firmId, endpointId);
    return tx
      .updateTable('webhook_endpoints')
      .set({
        signing_secret_sealed: context.secrets.seal(secret, secretOwner(firmId, endpointId)),
        previous_secret_sealed: endpoint.signing_secret_sealed,
        previous_secret_expires_at: expiresAt,
        updated_at: now,
      })
      .where('firm_id', '=', firmId)
      .where('id', '=', endpointId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { endpoint: endpointView(row), secret };
}

/** Stops deliveries to the endpoint; its pending deliveries fail at their next attempt. */
export async function disableWebhookEndpoint(context: CommandContext, endpointId: string) {
  requireRole(context.identity, ...WEBHOOK_MANAGERS);
  const firmId = context.identity.firmId;
  return inFirmTransaction(context.db, firmId, async (tx) => {
    const endpoint = await lockEndpoint(tx, firmId, endpointId);
    const disabled = await disableEndpoint(tx, endpoint, {
      reason: 'DISABLED_BY_USER',
      now: context.clock(),
      correlationId: context.correlationId,
    });
    return endpointView(disabled ?? endpoint);
  });
}
