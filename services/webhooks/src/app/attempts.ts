import type { Kysely, Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import { inFirmTransaction } from '@lexfin/persistence';
import { eventCaller, inFirm, type Caller } from '@lexfin/service-kit';
import type { WebhooksDatabase } from '../db/schema';
import { decideAttempt, type AttemptDecision, type AttemptResult } from '../domain/attempt-outcome';
import { parseEndpointUrl } from '../domain/endpoint-url';
import type { SealedBox } from '@lexfin/platform';
import { signatureHeader } from '../domain/signing-secrets';
import { postWebhook } from '../outbound/delivery-client';
import { DestinationRefusedError, type DestinationVetter } from '../outbound/destinations';
import type { DeliveryJob } from '../jobs/delivery-queue';
import { disableEndpoint, secretOwner } from './endpoint-records';
import type { DeliveryRow, EndpointRow } from './views';

export interface AttemptDependencies {
  db: Kysely<WebhooksDatabase>;
  secrets: SealedBox;
  destinations: DestinationVetter;
  clock: () => Date;
  /** Delays between attempts (see DELIVERY_SCHEDULE_MS); injectable so tests run in ms. */
  schedule: readonly number[];
  disableAfterFailingMs: number;
  timeoutMs: number;
  maxResponseBodyBytes: number;
  /** Counts attempts that did not get a 2xx, by what came back (`/metrics`). */
  failedAttempts: { inc(labels: { outcome: string }): void };
}

export type AttemptOutcome = 'finished' | 'retry';

/**
 * Makes one attempt of a delivery's current series and records it. `failedAttempts` is how many
 * attempts of this series failed before. Nothing is held open during the HTTP call: the delivery
 * is read in one transaction and the outcome written in another.
 */
export async function attemptDelivery(
  deps: AttemptDependencies,
  job: DeliveryJob,
  failedAttempts: number,
): Promise<AttemptOutcome> {
  // Until the delivery is read, the job knows only its firm.
  const target = await inFirmTransaction(deps.db, job.firmId, (tx) => loadTarget(tx, job));
  if (target === undefined) return 'finished';
  const { delivery, endpoint } = target;
  const caller = deliveryCaller(delivery);
  if (endpoint.status !== 'ENABLED') {
    await inFirm(deps.db, caller, (tx) =>
      finishSeries(tx, job, { status: 'FAILED', error: 'the endpoint is disabled' }),
    );
    return 'finished';
  }
  const result = await send(deps, delivery, endpoint);
  const failure = failureOutcome(result);
  if (failure) deps.failedAttempts.inc({ outcome: failure });
  const now = deps.clock();
  const decision = decideAttempt({
    result,
    now,
    failingSince: endpoint.failing_since === null ? null : new Date(endpoint.failing_since),
    nextDelayMs: deps.schedule[failedAttempts + 1],
    disableAfterFailingMs: deps.disableAfterFailingMs,
  });
  await inFirm(deps.db, caller, (tx) =>
    recordAttempt(tx, { caller, job, delivery, endpoint, result, decision, now }),
  );
  return decision.delivery === 'PENDING' ? 'retry' : 'finished';
}

/** `unanswered`, `http_410`, `http_4xx` or `http_5xx`; undefined for a 2xx. */
function failureOutcome(result: AttemptResult): string | undefined {
  if (result.kind === 'unanswered') return 'unanswered';
  if (result.status >= 200 && result.status < 300) return undefined;
  return result.status === 410 ? 'http_410' : `http_${Math.floor(result.status / 100)}xx`;
}

/** The delivery and its endpoint, unless the series is finished or superseded by a replay. */
async function loadTarget(tx: Transaction<WebhooksDatabase>, job: DeliveryJob) {
  const delivery = await tx
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('firm_id', '=', job.firmId)
    .where('id', '=', job.deliveryId)
    .executeTakeFirst();
  if (!delivery || delivery.status !== 'PENDING' || delivery.generation !== job.generation) {
    return undefined;
  }
  const endpoint = await tx
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('firm_id', '=', job.firmId)
    .where('id', '=', delivery.endpoint_id)
    .executeTakeFirstOrThrow();
  return { delivery, endpoint };
}

/** The secrets that sign now: the current one, and the one it replaced during the overlap. */
function signingSecrets(deps: AttemptDependencies, endpoint: EndpointRow, now: Date): string[] {
  const owner = secretOwner(endpoint.firm_id, endpoint.id);
  const secrets = [deps.secrets.open(endpoint.signing_secret_sealed, owner)];
  const expiresAt = endpoint.previous_secret_expires_at;
  if (endpoint.previous_secret_sealed !== null && expiresAt !== null && new Date(expiresAt) > now) {
    secrets.push(deps.secrets.open(endpoint.previous_secret_sealed, owner));
  }
  return secrets;
}

async function send(
  deps: AttemptDependencies,
  delivery: DeliveryRow,
  endpoint: EndpointRow,
): Promise<AttemptResult> {
  const parsed = parseEndpointUrl(endpoint.url);
  if ('problem' in parsed) return { kind: 'unanswered', error: parsed.problem, latencyMs: 0 };
  let address;
  try {
    address = await deps.destinations.vet(parsed.url);
  } catch (error) {
    if (!(error instanceof DestinationRefusedError)) throw error;
    return { kind: 'unanswered', error: `refused: ${error.message}`, latencyMs: 0 };
  }
  const now = deps.clock();
  // A fresh timestamp and signatures per attempt; the id and body never change.
  const signed = {
    id: delivery.event_id,
    timestamp: Math.floor(now.getTime() / 1000),
    body: delivery.payload,
  };
  return postWebhook({
    url: parsed.url,
    address,
    headers: {
      'webhook-id': signed.id,
      'webhook-timestamp': String(signed.timestamp),
      'webhook-signature': signatureHeader(signingSecrets(deps, endpoint, now), signed),
    },
    body: delivery.payload,
    timeoutMs: deps.timeoutMs,
    maxBodyBytes: deps.maxResponseBodyBytes,
  });
}

interface AttemptRecord {
  caller: Caller;
  job: DeliveryJob;
  delivery: DeliveryRow;
  endpoint: EndpointRow;
  result: AttemptResult;
  decision: AttemptDecision;
  now: Date;
}

async function recordAttempt(tx: Transaction<WebhooksDatabase>, record: AttemptRecord) {
  const { job, result, decision, now } = record;
  const responseCode = result.kind === 'answered' ? result.status : null;
  const error = result.kind === 'unanswered' ? result.error : null;
  const counted = await tx
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      response_code: responseCode,
      latency_ms: result.latencyMs,
      last_error: error,
      last_attempt_at: now,
    }))
    .where('firm_id', '=', job.firmId)
    .where('id', '=', job.deliveryId)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('webhook_delivery_attempts')
    .values({
      firm_id: job.firmId,
      delivery_id: job.deliveryId,
      attempt: counted.attempts,
      attempted_at: now,
      response_code: responseCode,
      latency_ms: result.latencyMs,
      response_body: result.kind === 'answered' ? result.body : null,
      error,
    })
    .execute();
  await finishSeries(tx, job, {
    status: decision.delivery,
    nextAttemptAt:
      decision.delivery === 'PENDING' ? new Date(now.getTime() + decision.retryInMs) : null,
  });
  await recordEndpointHealth(tx, record);
}

/** Sets the delivery's status, unless a replay has started a newer series meanwhile. */
async function finishSeries(
  tx: Transaction<WebhooksDatabase>,
  job: DeliveryJob,
  outcome: { status: DeliveryRow['status']; nextAttemptAt?: Date | null; error?: string },
) {
  await tx
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      next_attempt_at: outcome.nextAttemptAt ?? null,
      ...(outcome.error === undefined ? {} : { last_error: outcome.error }),
    })
    .where('firm_id', '=', job.firmId)
    .where('id', '=', job.deliveryId)
    .where('generation', '=', job.generation)
    .execute();
}

async function recordEndpointHealth(tx: Transaction<WebhooksDatabase>, record: AttemptRecord) {
  const { endpoint, decision, now } = record;
  const byId = tx
    .updateTable('webhook_endpoints')
    .where('firm_id', '=', endpoint.firm_id)
    .where('id', '=', endpoint.id);
  if (decision.endpoint === 'HEALTHY') {
    await byId.set({ failing_since: null }).where('failing_since', 'is not', null).execute();
    return;
  }
  // The earliest start wins: attempts of several deliveries may report the same run of failures.
  await byId
    .set({ failing_since: decision.failingSince })
    .where((eb) =>
      eb.or([eb('failing_since', 'is', null), eb('failing_since', '>', decision.failingSince)]),
    )
    .execute();
  if (decision.endpoint === 'DISABLE') {
    await disableEndpoint(tx, record.caller, endpoint, {
      reason: decision.reason,
      now,
    });
  }
}

/**
 * A delivery acts for the event it delivers (API.md): for its firm, in its correlation, caused by
 * it. The payload is that event's envelope as consumed, so the ids are read from there.
 */
function deliveryCaller(delivery: DeliveryRow): Caller {
  return eventCaller(JSON.parse(delivery.payload) as EventEnvelope<unknown>, 'webhook-delivery');
}
