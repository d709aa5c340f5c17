import type { GraphQLResolverMap } from '@apollo/subgraph';
import { z } from 'zod';
import { findEventDefinition } from '@lexfin/contracts';
import { input } from '@lexfin/service-kit';
import type { WebhooksRequest } from '../app/dependencies';
import { replayWebhookDelivery, sendTestWebhook, webhookDeliveries } from '../app/deliveries';
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../app/endpoints';

// The app checks the URL itself (scheme, host, addresses); here only its size.
const url = input.text.max(2_000, 'must be at most 2000 characters');
const description = input.text.max(500, 'must be at most 500 characters');
const eventTypes = z
  .array(
    z
      .string()
      .refine((type) => findEventDefinition(type) !== undefined, 'is not a Lexfin event type'),
  )
  .min(1, 'must name at least one event type')
  .transform((types) => [...new Set(types)].sort());

type Resolver = (parent: unknown, args: unknown, request: WebhooksRequest) => Promise<unknown>;

/** Validates the arguments (BAD_USER_INPUT naming each field), then runs the command. */
function operation<S extends z.ZodType>(
  schema: S,
  run: (request: WebhooksRequest, args: z.output<S>) => Promise<unknown>,
): Resolver {
  return (_parent, args, request) => run(request, input.parseInput(schema, args));
}

/** Optional GraphQL arguments arrive as null or absent: both mean "leave as it is". */
const optional = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((value) => value ?? undefined);

export const resolvers = {
  Query: {
    webhookDeliveries: operation(z.object({ endpointId: input.id }), (request, args) =>
      webhookDeliveries(request, args.endpointId),
    ),
  },
  Mutation: {
    createWebhookEndpoint: operation(
      z.object({ url, eventTypes, description: optional(description) }),
      (request, args) =>
        createWebhookEndpoint(request, { ...args, description: args.description ?? '' }),
    ),
    updateWebhookEndpoint: operation(
      z.object({
        endpointId: input.id,
        url: optional(url),
        eventTypes: optional(eventTypes),
        description: optional(description),
        enable: optional(z.boolean()),
      }),
      (request, { endpointId, ...changes }) => updateWebhookEndpoint(request, endpointId, changes),
    ),
    rotateWebhookSecret: operation(z.object({ endpointId: input.id }), (request, args) =>
      rotateWebhookSecret(request, args.endpointId),
    ),
    disableWebhookEndpoint: operation(z.object({ endpointId: input.id }), (request, args) =>
      disableWebhookEndpoint(request, args.endpointId),
    ),
    replayWebhookDelivery: operation(
      z.object({ id: input.id, idempotencyKey: input.idempotencyKey }),
      (request, args) => replayWebhookDelivery(request, args.id, args.idempotencyKey),
    ),
    sendTestWebhook: operation(
      z.object({ endpointId: input.id, idempotencyKey: input.idempotencyKey }),
      (request, args) => sendTestWebhook(request, args.endpointId, args.idempotencyKey),
    ),
  },
} satisfies GraphQLResolverMap<WebhooksRequest>;
