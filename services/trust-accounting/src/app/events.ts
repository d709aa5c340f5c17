import { createEvent, type EventDefinition } from '@lexfin/contracts';
import type { z } from 'zod';
import type { CommandContext } from './actor';

/** An event of the caller's firm and correlation, about `subject`. */
export function newEvent<Type extends string, Data extends z.ZodType>(
  context: CommandContext,
  definition: EventDefinition<Type, Data>,
  subject: string,
  data: z.input<Data>,
) {
  return createEvent(definition, {
    firmId: context.identity.firmId,
    subject,
    data,
    correlationId: context.correlationId,
  });
}
