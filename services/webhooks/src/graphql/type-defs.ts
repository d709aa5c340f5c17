import gql from 'graphql-tag';
import { federationLink } from '@lexfin/subgraph';

export const typeDefs = gql`
  ${federationLink}

  enum WebhookEndpointStatus {
    ENABLED
    DISABLED
  }

  enum WebhookEndpointDisabledReason {
    "The receiver answered 410 Gone."
    RECEIVER_GONE
    "Deliveries failed without a success for 5 days."
    FAILING_TOO_LONG
    DISABLED_BY_USER
  }

  enum WebhookDeliveryStatus {
    "Not yet delivered; attempts continue on the retry schedule."
    PENDING
    SUCCEEDED
    "The schedule ran out, the receiver answered 410, or the endpoint was disabled."
    FAILED
  }

  "A receiver of the firm's events. Its signing secret is shown once, at creation and rotation."
  type WebhookEndpoint {
    id: ID!
    url: String!
    description: String!
    eventTypes: [String!]!
    status: WebhookEndpointStatus!
    disabledReason: WebhookEndpointDisabledReason
    disabledAt: String
    "When the current run of failed attempts began; null while deliveries succeed."
    failingSince: String
    "Until then, webhooks carry a second signature made with the secret replaced by a rotation."
    previousSecretExpiresAt: String
    createdAt: String!
    updatedAt: String!
  }

  type WebhookEndpointWithSecret {
    endpoint: WebhookEndpoint!
    "whsec_...: keep it; it is not shown again."
    secret: String!
  }

  type WebhookDeliveryAttempt {
    attempt: Int!
    attemptedAt: String!
    "The receiver's HTTP status; null when it did not answer."
    responseCode: Int
    latencyMs: Int!
    "The start of the receiver's answer (at most 2 KiB)."
    responseBody: String
    "Why there was no answer (timeout, refused address, connection error)."
    error: String
  }

  "One event sent to one endpoint: the webhook-id is the event id, on every attempt and replay."
  type WebhookDelivery {
    id: ID!
    endpointId: ID!
    eventId: ID!
    eventType: String!
    status: WebhookDeliveryStatus!
    attempts: Int!
    "Of the last attempt."
    responseCode: Int
    "Of the last attempt, in milliseconds."
    latencyMs: Int
    lastError: String
    createdAt: String!
    lastAttemptAt: String
    nextAttemptAt: String
    attemptLog: [WebhookDeliveryAttempt!]!
  }

  type Query {
    "The endpoint's latest deliveries (at most 100), newest first."
    webhookDeliveries(endpointId: ID!): [WebhookDelivery!]!
  }

  type Mutation {
    createWebhookEndpoint(
      url: String!
      eventTypes: [String!]!
      description: String
    ): WebhookEndpointWithSecret!
    "Changes what is given; enable: true turns a disabled endpoint back on."
    updateWebhookEndpoint(
      endpointId: ID!
      url: String
      eventTypes: [String!]
      description: String
      enable: Boolean
    ): WebhookEndpoint!
    rotateWebhookSecret(endpointId: ID!): WebhookEndpointWithSecret!
    disableWebhookEndpoint(endpointId: ID!): WebhookEndpoint!
    replayWebhookDelivery(id: ID!, idempotencyKey: String!): WebhookDelivery!
    sendTestWebhook(endpointId: ID!, idempotencyKey: String!): WebhookDelivery!
  }
`;
