import type { Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import type { z } from 'zod';
import type { EventHandler } from './event-consumer';

/** The payload of a catalogue event, as its consumer has validated it. */
export type EventData<D extends { data: z.ZodType }> = z.output<D['data']>;

type TypedHandler<DB, D extends { data: z.ZodType }> = (
  tx: Transaction<DB>,
  data: EventData<D>,
  event: EventEnvelope<unknown>,
) => Promise<void>;

/**
 * A service's `on(definition, handle)`: a handler of one event type with its payload typed,
 * in a transaction on the service's database (`const on = typedHandlers<TrustDatabase>()`).
 */
export function typedHandlers<DB>() {
  return function on<D extends { type: string; data: z.ZodType }>(
    definition: D,
    handle: TypedHandler<DB, D>,
  ): [string, EventHandler<DB>] {
    return [definition.type, (tx, event) => handle(tx, event.data as EventData<D>, event)];
  };
}
