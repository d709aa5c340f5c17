import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '@lexfin/platform';
import { allow, inFirm } from '@lexfin/service-kit';
import { parseEndpointUrl } from '../domain/endpoint-url';
import { newSigningSecret, ROTATION_OVERLAP_MS } from '../domain/signing-secrets';
import { DestinationRefusedError } from '../outbound/destinations';
import type { WebhooksDependencies, WebhooksRequest } from './dependencies';
import { disableEndpoint, lockEndpoint, secretOwner } from './endpoint-records';
import { WEBHOOK_MANAGERS } from './roles';
import { endpointView } from './views';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description: string;
}

/** An http(s) URL whose host resolves only to addresses the policy allows; else BAD_USER_INPUT. */
async function vetUrl(deps: WebhooksDependencies, text: string): Promise<string> {
  const parsed = parseEndpointUrl(text);
  if ('problem' in parsed) throw new BadUserInputError({ url: parsed.problem });
  try {
    await deps.destinations.vet(parsed.url);
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
export async function createWebhookEndpoint(
  { caller, deps }: WebhooksRequest,
  input: EndpointInput,
) {
  allow(caller, WEBHOOK_MANAGERS);
  const url = await vetUrl(deps, input.url);
  const firmId = caller.firmId;
  const id = randomUUID();
  const secret = newSigningSecret();
  const row = await inFirm(deps.db, caller, (tx) =>
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
        signing_secret_sealed: deps.secrets.seal(secret, secretOwner(firmId, id)),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        failing_since: null,
        created_by: caller.userId,
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
  { caller, deps }: WebhooksRequest,
  endpointId: string,
  changes: EndpointChanges,
) {
  allow(caller, WEBHOOK_MANAGERS);
  const url = changes.url === undefined ? undefined : await vetUrl(deps, changes.url);
  const firmId = caller.firmId;
  return inFirm(deps.db, caller, async (tx) => {
    const endpoint = await lockEndpoint(tx, firmId, endpointId);
    const enabling = changes.enable === true && endpoint.status === 'DISABLED';
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({
        url: url ?? endpoint.url,
        event_types: changes.eventTypes ?? endpoint.event_types,
        description: changes.description ?? endpoint.description,
        updated_at: deps.clock(),
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
export async function rotateWebhookSecret({ caller, deps }: WebhooksRequest, endpointId: string) {
  allow(caller, WEBHOOK_MANAGERS);
  const firmId = caller.firmId;
  const secret = newSigningSecret();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  const row = await inFirm(deps.db, caller, async (tx) => {
    const endpoint = await lockEndpoint(tx, firmId, endpointId);
    return tx
      .updateTable('webhook_endpoints')
      .set({
        signing_secret_sealed: deps.secrets.seal(secret, secretOwner(firmId, endpointId)),
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
export async function disableWebhookEndpoint(
  { caller, deps }: WebhooksRequest,
  endpointId: string,
) {
  allow(caller, WEBHOOK_MANAGERS);
  return inFirm(deps.db, caller, async (tx) => {
    const endpoint = await lockEndpoint(tx, caller.firmId, endpointId);
    const disabled = await disableEndpoint(tx, caller, endpoint, {
      reason: 'DISABLED_BY_USER',
      now: deps.clock(),
    });
    return endpointView(disabled ?? endpoint);
  });
}
