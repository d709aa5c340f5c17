import { z } from 'zod';
import { businessDateSchema, currencySchema, timeZoneSchema } from '@lexfin/contracts';

/** The longest free text a command takes; longer is a mistake or an attack, not a narrative. */
export const MAX_TEXT_LENGTH = 10_000;

/** An entity id: a UUID (a foreign or malformed id is refused here, never at the database). */
export const id = z.uuid({ error: 'must be an id (UUID)' });

/** A business date, `YYYY-MM-DD`, that exists on the calendar. */
export const date = businessDateSchema;

export const currency = currencySchema;

export const timeZone = timeZoneSchema;

/**
 * PostgreSQL cannot store a NUL character, nor a lone UTF-16 surrogate in JSON (idempotency
 * keeps the input as jsonb): both refused here, naming the field.
 */
function storable(value: z.ZodString) {
  return value
    .refine((text) => !text.includes('\u0000'), 'must not contain a NUL character')
    .refine((text) => text.isWellFormed(), 'must be valid Unicode text (no lone surrogate)');
}

/** Free text: trimmed, not empty, no NUL, at most MAX_TEXT_LENGTH characters. */
export const text = storable(
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
);

export const optionalText = text.nullish();

/** API.md: the key a client picks so that a retried mutation takes effect once. */
export const idempotencyKey = storable(
  z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
);

/** One of `values`, with the list in the message. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** How many rows a page may hold: 1..max, `fallback` when not given. */
export function pageSize(max: number, fallback: number) {
  return z
    .int({ error: `must be a whole number from 1 to ${max}` })
    .min(1, `must be a whole number from 1 to ${max}`)
    .max(max, `must be a whole number from 1 to ${max}`)
    .default(fallback);
}
