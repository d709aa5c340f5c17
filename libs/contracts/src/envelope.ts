import { z } from 'zod';
import { instantSchema, uuidSchema } from './schemas';

/**
 * The CloudEvents 1.0 structured JSON envelope every Lexfin event travels in, with the Lexfin
 * extensions. Unknown attributes are dropped on parse rather than refused, so a producer may add an
 * extension without breaking older consumers.
 */
export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: uuidSchema,
  source: z
    .string()
    .regex(/^\/lexfin\/[a-z]+$/, 'must name the producing service: /lexfin/<service>'),
  type: z.string().min(1),
  time: instantSchema,
  subject: z.string().min(1).describe('The id of the entity the event is about'),
  datacontenttype: z.literal('application/json'),
  dataschema: z.string().startsWith('urn:lexfin:schema:'),
  data: z.unknown(),
  firmid: uuidSchema.describe('The tenant: the firm whose data this is'),
  correlationid: z.string().min(1).describe('Shared by everything done for one original request'),
  causationid: z
    .string()
    .min(1)
    .optional()
    .describe('The id of the event or command that caused this event'),
});

export type EventEnvelope<T = unknown, Type extends string = string> = Omit<
  z.output<typeof envelopeSchema>,
  'type' | 'data'
> & { type: Type; data: T };
