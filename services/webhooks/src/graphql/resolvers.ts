import type { GraphQLResolverMap } from '@apollo/subgraph';
import { z } from 'zod';
import { findEventDefinition } from '@lexfin/contracts';
import { fromZodError } from '@lexfin/platform';
import { replayWebhookDelivery, sendTestWebhook, webhookDeliveries } from '../app/deliveries';
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../app/endpoints';
import type { WebhooksGraphQLContext } from './context';

const id = z.uuid({ error: 'must be a UUID' });
const key = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const url = z.string().trim().max(2_000, 'must be at most 2000 characters');
const description = z.string().trim().max(500, 'must be at most 500 characters');
const eventTypes = z
  .array(
    z
      .string()
      .refine((type) => findEventDefinition(type) !== undefined, 'is not a Lexfin event type'),
  )
  .min(1, 'must name at least one event type')
  .transform((types) => [...new Set(types)].sort());

type Resolver = (
  parent: unknown,
  args: unknown,
  context: WebhooksGraphQLContext,
) => Promise<unknown>;

/** Validates the arguments (BAD_USER_INPUT naming each field), then runs the command. */
function operation<S extends z.ZodType>(
  schema: S,
  run: (context: WebhooksGraphQLContext, args: z.output<S>) => Promise<unknown>,
): Resolver {
  return (_parent, args, context) => {
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw fromZodError(parsed.error);
    return run(context, parsed.data);
  };
}

/** Optional GraphQL arguments arrive as null or absent: both mean "leave as it is". */
const optional = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((value) => value ?? undefined);

export const resolvers = {
  Query: {
    webhookDeliveries: operation(z.object({ endpointId: id }), (context, args) =>
      webhookDeliveries(context.command, args.endpointId),
    ),
  },
  Mutation: {
    createWebhookEndpoint: operation(
      z.object({ url, eventTypes, description: optional(description) }),
      (context, args) =>
        createWebhookEndpoint(context.command, { ...args, description: args.description ?? '' }),
    ),
    updateWebhookEndpoint: operation(
      z.object({
        endpointId: id,
        url: optional(url),
        eventTypes: optional(eventTypes),
        description: optional(description),
        enable: optional(z.boolean()),
      }),
      (context, { endpointId, ...changes }) =>
        updateWebhookEndpoint(context.command, endpointId, changes),
    ),
    rotateWebhookSecret: operation(z.object({ endpointId: id }), (context, args) =>
      rotateWebhookSecret(context.command, args.endpointId),
    ),
    disableWebhookEndpoint: operation(z.object({ endpointId: id }), (context, args) =>
      disableWebhookEndpoint(context.command, args.endpointId),
    ),
    replayWebhookDelivery: operation(z.object({ id, idempotencyKey: key }), (context, args) =>
      replayWebhookDelivery(context.command, args.id, args.idempotencyKey),
    ),
    sendTestWebhook: operation(z.object({ endpointId: id, idempotencyKey: key }), (context, args) =>
      sendTestWebhook(context.command, args.endpointId, args.idempotencyKey),
    ),
  },
} satisfies GraphQLResolverMap<WebhooksGraphQLContext>;
