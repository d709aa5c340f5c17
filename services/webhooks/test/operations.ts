import { randomUUID } from 'node:crypto';
import { createEvent, trustEvents } from '@lexfin/contracts';
import type { GraphQLClient, GraphQLResponse } from '@lexfin/testing';

export const DEPOSIT_RECORDED = 'lexfin.trust.deposit.recorded.v1';

const endpointFields = 'id url description eventTypes status disabledReason failingSince';
const deliveryFields = `id endpointId eventId eventType status attempts responseCode latencyMs
  lastError attemptLog { attempt responseCode latencyMs responseBody error }`;

export interface EndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  status: 'ENABLED' | 'DISABLED';
  disabledReason: string | null;
  failingSince: string | null;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attempts: number;
  responseCode: number | null;
  latencyMs: number | null;
  lastError: string | null;
  attemptLog: { attempt: number; responseCode: number | null; responseBody: string | null }[];
}

/** The data of a successful response; fails the test with the errors otherwise. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

export function createEndpoint(
  client: GraphQLClient,
  url: string,
  eventTypes: string[] = [DEPOSIT_RECORDED],
) {
  return client.request<{ createWebhookEndpoint: { endpoint: EndpointView; secret: string } }>(
    `mutation($url: String!, $eventTypes: [String!]!) {
      createWebhookEndpoint(url: $url, eventTypes: $eventTypes, description: "Practice system") {
        secret endpoint { ${endpointFields} }
      }
    }`,
    { url, eventTypes },
  );
}

export async function deliveriesOf(client: GraphQLClient, endpointId: string) {
  return client.request<{ webhookDeliveries: DeliveryView[] }>(
    `query($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId) { ${deliveryFields} } }`,
    { endpointId },
  );
}

export function rotateSecret(client: GraphQLClient, endpointId: string) {
  return client.request<{ rotateWebhookSecret: { secret: string; endpoint: EndpointView } }>(
    `mutation($endpointId: ID!) {
      rotateWebhookSecret(endpointId: $endpointId) { secret endpoint { ${endpointFields} } }
    }`,
    { endpointId },
  );
}

export function sendTest(client: GraphQLClient, endpointId: string, idempotencyKey = randomUUID()) {
  return client.request<{ sendTestWebhook: DeliveryView }>(
    `mutation($endpointId: ID!, $key: String!) {
      sendTestWebhook(endpointId: $endpointId, idempotencyKey: $key) { ${deliveryFields} }
    }`,
    { endpointId, key: idempotencyKey },
  );
}

export function replay(client: GraphQLClient, deliveryId: string, idempotencyKey = randomUUID()) {
  return client.request<{ replayWebhookDelivery: DeliveryView }>(
    `mutation($id: ID!, $key: String!) {
      replayWebhookDelivery(id: $id, idempotencyKey: $key) { ${deliveryFields} }
    }`,
    { id: deliveryId, key: idempotencyKey },
  );
}

export function updateEndpoint(
  client: GraphQLClient,
  endpointId: string,
  changes: { url?: string; eventTypes?: string[]; enable?: boolean },
) {
  return client.request<{ updateWebhookEndpoint: EndpointView }>(
    `mutation($endpointId: ID!, $url: String, $eventTypes: [String!], $enable: Boolean) {
      updateWebhookEndpoint(endpointId: $endpointId, url: $url, eventTypes: $eventTypes, enable: $enable) {
        ${endpointFields}
      }
    }`,
    { endpointId, ...changes },
  );
}

export function disableEndpoint(client: GraphQLClient, endpointId: string) {
  return client.request<{ disableWebhookEndpoint: EndpointView }>(
    `mutation($endpointId: ID!) { disableWebhookEndpoint(endpointId: $endpointId) { ${endpointFields} } }`,
    { endpointId },
  );
}

/** A trust deposit of `firmId`, as trust-accounting publishes it. */
export function depositRecorded(firmId: string) {
  const clientId = randomUUID();
  return createEvent(trustEvents.depositRecorded, {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    data: {
      trustAccountId: randomUUID(),
      clientId,
      matterId: randomUUID(),
      depositId: randomUUID(),
      entryId: randomUUID(),
      amount: { amount: '1500.00', currency: 'USD' },
      method: 'WIRE',
      receivedOn: '2026-03-02',
      cleared: true,
    },
  });
}
