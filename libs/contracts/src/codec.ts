import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { findEventDefinition, type CatalogueEvent } from './catalogue';
import type { EventDefinition } from './define-event';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { EventValidationError, UnknownEventTypeError } from './errors';
import { messageKeyFor } from './topics';

export interface NewEvent<T> {
  firmId: string;
  /** The id of the entity the event is about. */
  subject: string;
  data: T;
  correlationId: string;
  causationId?: string;
  /** Given when the id must be known before publishing (the outbox row id); else a new UUID. */
  id?: string;
  /** When it happened; defaults to now. */
  time?: Date | string;
}

/** A Kafka record ready for a producer. */
export interface EncodedEvent {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

// The Kafka protocol binding's content type for a structured-mode CloudEvent.
const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Builds the envelope for one event and validates it whole; throws `EventValidationError`. */
export function createEvent<Type extends string, Data extends z.ZodType>(
  definition: EventDefinition<Type, Data>,
  event: NewEvent<z.input<Data>>,
): EventEnvelope<z.output<Data>, Type> {
  const id = event.id ?? randomUUID();
  const candidate = {
    specversion: '1.0',
    id,
    source: definition.source,
    type: definition.type,
    time:
      event.time instanceof Date ? toInstant(event.time) : (event.time ?? toInstant(new Date())),
    subject: event.subject,
    datacontenttype: 'application/json',
    dataschema: definition.dataschema,
    data: event.data,
    firmid: event.firmId,
    correlationid: event.correlationId,
    ...(event.causationId === undefined ? {} : { causationid: event.causationId }),
  };
  return parseWith(definition, candidate, id);
}

/**
 * Turns an envelope into a Kafka record on its service's topic, validating it first unless it
 * came from `createEvent`/`decodeEvent`, which validated and froze it.
 */
export function encodeEvent(envelope: EventEnvelope): EncodedEvent {
  const definition = findEventDefinition(envelope.type);
  if (definition === undefined) throw new UnknownEventTypeError(envelope.type);
  const event = validatedEnvelopes.has(envelope)
    ? envelope
    : parseWith(definition, envelope, envelope.id);
  return {
    topic: definition.topic,
    key: messageKeyFor(event.firmid, definition.clientIdOf(event.data)),
    value: JSON.stringify(event),
    headers: {
      ce_type: event.type,
      ce_id: event.id,
      'content-type': STRUCTURED_CONTENT_TYPE,
    },
  };
}

/**
 * Parses a Kafka record value into a validated envelope. Throws `UnknownEventTypeError` for a type
 * the catalogue does not have, `EventValidationError` for anything else wrong.
 */
export function decodeEvent(value: string | Buffer): CatalogueEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString());
  } catch (error) {
    throw new EventValidationError([
      { path: '', message: `not valid JSON (${(error as Error).message})` },
    ]);
  }
  const type = stringAttribute(raw, 'type');
  const id = stringAttribute(raw, 'id');
  if (type === undefined) {
    // No type, so no schema to pick: report what the bare envelope gets wrong. `type` is required,
    // so this parse always fails.
    const { error } = envelopeSchema.safeParse(raw);
    throw EventValidationError.fromZod(error as z.ZodError, undefined, id);
  }
  const definition = findEventDefinition(type);
  if (definition === undefined) throw new UnknownEventTypeError(type);
  return parseWith(definition, raw, id) as CatalogueEvent;
}

function parseWith<Type extends string, Data extends z.ZodType>(
  definition: EventDefinition<Type, Data>,
  candidate: unknown,
  id: string | undefined,
): EventEnvelope<z.output<Data>, Type> {
  const result = definition.envelope.safeParse(candidate);
  if (!result.success) throw EventValidationError.fromZod(result.error, definition.type, id);
  validatedEnvelopes.add(deepFreeze(result.data));
  return result.data;
}

/** Envelopes this module validated; frozen, so they are still valid when encoded later. */
const validatedEnvelopes = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function stringAttribute(raw: unknown, name: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value: unknown = (raw as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

// An invalid Date has no instant; pass it through as text so validation names the `time` field.
function toInstant(time: Date): string {
  return Number.isNaN(time.getTime()) ? String(time) : time.toISOString();
}
