import type { Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import type { EventHandler } from '@lexfin/persistence';
import type { z } from 'zod';
import type { CollectionsDatabase } from '../db/schema';

export type EventData<D extends { data: z.ZodType }> = z.output<D['data']>;

type Handler<D extends { data: z.ZodType }> = (
  tx: Transaction<CollectionsDatabase>,
  data: EventData<D>,
  event: EventEnvelope<unknown>,
) => Promise<void>;

/** A handler of one event type with its payload typed (the consumer has validated it). */
export function on<D extends { type: string; data: z.ZodType }>(
  definition: D,
  handle: Handler<D>,
): [string, EventHandler<CollectionsDatabase>] {
  return [definition.type, (tx, event) => handle(tx, event.data as EventData<D>, event)];
}
