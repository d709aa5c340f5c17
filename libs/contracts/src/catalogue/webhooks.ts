import { z } from 'zod';
import { defineEvent } from '../define-event';
import { instantSchema, uuidSchema } from '../schemas';

// Events published by the webhooks service. Every export here is an event definition: the
// catalogue takes them all. They concern a webhook endpoint, not a client: they are keyed by the
// endpoint id.

export const endpointDisabled = defineEvent({
  service: 'webhooks',
  entity: 'endpoint',
  verb: 'disabled',
  version: 1,
  description:
    'A webhook endpoint stopped receiving events: its receiver answered 410 Gone, it failed for too long, or a person disabled it.',
  data: z.object({
    endpointId: uuidSchema,
    reason: z.enum(['RECEIVER_GONE', 'FAILING_TOO_LONG', 'DISABLED_BY_USER']),
    failingSince: instantSchema
      .nullable()
      .describe('When the run of failed deliveries began; null if it was not failing'),
    disabledAt: instantSchema,
  }),
  clientIdOf: (data) => data.endpointId,
});

export const endpointTested = defineEvent({
  service: 'webhooks',
  entity: 'endpoint',
  verb: 'tested',
  version: 1,
  description:
    'A test event was sent on request to one webhook endpoint; it is delivered to that endpoint only.',
  data: z.object({
    endpointId: uuidSchema,
    requestedBy: z.string().min(1).describe('The user who asked for the test'),
  }),
  clientIdOf: (data) => data.endpointId,
});
