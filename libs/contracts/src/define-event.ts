import { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { serviceNames, serviceTopicFor, type ServiceName, type ServiceTopic } from './topics';

export type EventType<
  S extends ServiceName = ServiceName,
  E extends string = string,
  V extends string = string,
  N extends number = number,
> = `lexfin.${S}.${E}.${V}.v${N}`;

export interface EventDefinition<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly service: ServiceName;
  readonly entity: string;
  readonly verb: string;
  readonly version: number;
  readonly description: string;
  readonly topic: ServiceTopic;
  /** CloudEvents `source`: the producing service. */
  readonly source: string;
  /** CloudEvents `dataschema`: names this event type's schema. */
  readonly dataschema: string;
  readonly data: Data;
  /** The whole envelope, with `type`, `source` and `dataschema` fixed and `data` checked. */
  readonly envelope: z.ZodType<EventEnvelope<z.output<Data>, Type>>;
  /** Which client the event concerns; it keys the Kafka message (see `messageKeyFor`). */
  clientIdOf(data: z.output<Data>): string;
}

export interface EventSpec<
  S extends ServiceName,
  E extends string,
  V extends string,
  N extends number,
  Data extends z.ZodType,
> {
  service: S;
  /**
   * The entity, one snake_case word (`client`, `transfer_to_operating`), or an aspect of one after
   * a dot (`matter.credit_hold`).
   */
  entity: E;
  /** What happened to it, past tense, one snake_case word: `created`, `written_off`. */
  verb: V;
  version: N;
  description: string;
  data: Data;
  clientIdOf: (data: z.output<Data>) => string;
}

const SNAKE_CASE_WORD = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const ENTITY = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)?$/;

export function defineEvent<
  const S extends ServiceName,
  const E extends string,
  const V extends string,
  const N extends number,
  Data extends z.ZodType,
>(spec: EventSpec<S, E, V, N, Data>): EventDefinition<EventType<S, E, V, N>, Data> {
  assertNaming(spec);
  const type: EventType<S, E, V, N> =
    `lexfin.${spec.service}.${spec.entity}.${spec.verb}.v${spec.version}`;
  const source = `/lexfin/${spec.service}`;
  const dataschema = `urn:lexfin:schema:${type}`;
  const envelope = envelopeSchema
    .extend({
      type: z.literal(type),
      source: z.literal(source),
      dataschema: z.literal(dataschema),
      data: spec.data,
    })
    .describe(spec.description);
  return {
    type,
    service: spec.service,
    entity: spec.entity,
    verb: spec.verb,
    version: spec.version,
    description: spec.description,
    topic: serviceTopicFor(spec.service),
    source,
    dataschema,
    data: spec.data,
    // zod cannot see that `data: Data` inside the extended object yields `z.output<Data>`.
    envelope: envelope as unknown as z.ZodType<
      EventEnvelope<z.output<Data>, EventType<S, E, V, N>>
    >,
    clientIdOf: spec.clientIdOf,
  };
}

function assertNaming(spec: { service: string; entity: string; verb: string; version: number }) {
  const problems: string[] = [];
  if (!(serviceNames as readonly string[]).includes(spec.service)) {
    problems.push(
      `service ${JSON.stringify(spec.service)} is not one of ${serviceNames.join(', ')}`,
    );
  }
  if (!ENTITY.test(spec.entity)) {
    problems.push(
      `entity ${JSON.stringify(spec.entity)} is not a snake_case word, optionally with one .aspect`,
    );
  }
  if (!SNAKE_CASE_WORD.test(spec.verb)) {
    problems.push(`verb ${JSON.stringify(spec.verb)} is not one snake_case word`);
  }
  if (!Number.isSafeInteger(spec.version) || spec.version < 1) {
    problems.push(`version ${spec.version} is not a positive integer`);
  }
  if (problems.length > 0) {
    throw new Error(`invalid event definition: ${problems.join('; ')}`);
  }
}
