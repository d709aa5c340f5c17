import { allTopics, decodeEvent, type CatalogueEvent } from '@lexfin/contracts';
import {
  createStreamInspector,
  silentLogger,
  type IncomingMessage,
  type Reading,
} from '@lexfin/messaging';
import { opsKafkaSettings } from '../config';
import type { OpsIo } from '../io';
import { parseSince } from '../time';

export interface TailOptions {
  /** Event type, whole or without `lexfin.` and version; `*` matches anything: `billing.invoice.*`. */
  type?: string;
  firm?: string;
  client?: string;
  since?: string;
  json?: boolean;
  limit?: number;
  /** Keep reading new events (default) or stop at the end of what is there. */
  follow: boolean;
}

interface Seen {
  message: IncomingMessage;
  event?: CatalogueEvent;
  /** Why the message is not a valid event of the catalogue. */
  invalid?: string;
}

/** `ops events tail`: the service topics' events, decoded and validated against the catalogue. */
export async function eventsTail(io: OpsIo, options: TailOptions): Promise<number> {
  const inspector = createStreamInspector(opsKafkaSettings(io.env), silentLogger);
  const matches = filterOf(options);
  let shown = 0;
  let reachedLimit: () => void = () => undefined;
  const limitReached = new Promise<void>((resolve) => (reachedLimit = resolve));
  let reading: Reading | undefined;
  try {
    reading = await inspector.read({
      topics: allTopics().map((topic) => topic.name),
      from: options.since === undefined ? 'end' : parseSince(options.since, io.now()),
      until: options.follow ? 'stopped' : 'end',
      handle(message) {
        if (options.limit !== undefined && shown >= options.limit) return;
        const seen = decoded(message);
        if (!matches(seen)) return;
        io.out(options.json ? jsonLine(seen) : prettyLine(seen));
        shown += 1;
        if (options.limit !== undefined && shown >= options.limit) reachedLimit();
      },
    });
    await Promise.race([reading.done, limitReached, io.interrupted()]);
  } finally {
    await reading?.stop();
    await inspector.close();
  }
  return 0;
}

function decoded(message: IncomingMessage): Seen {
  try {
    return { message, event: decodeEvent(message.value ?? '') };
  } catch (error) {
    return { message, invalid: (error as Error).message };
  }
}

function filterOf(options: TailOptions): (seen: Seen) => boolean {
  const type = options.type === undefined ? undefined : globRegExp(options.type);
  return ({ message, event }) => {
    const [firm, client] = (message.key ?? '').split(':');
    if (type && !typeMatches(type, event?.type ?? message.headers.ce_type ?? '')) return false;
    if (options.firm !== undefined && (event?.firmid ?? firm) !== options.firm) return false;
    return options.client === undefined || client === options.client;
  };
}

/** Whole (`lexfin.billing.client.created.v1`) or short (`billing.client.created`). */
function typeMatches(pattern: RegExp, type: string): boolean {
  return pattern.test(type) || pattern.test(type.replace(/^lexfin\./, '').replace(/\.v\d+$/, ''));
}

function globRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function where(message: IncomingMessage): string {
  return `${message.topic}[${message.partition}]@${message.offset}`;
}

function prettyLine({ message, event, invalid }: Seen): string {
  if (!event) return `INVALID  ${where(message)}  key=${message.key ?? '-'}  ${invalid}`;
  const client = (message.key ?? '').split(':')[1] ?? '-';
  return [
    event.time,
    event.type,
    `firm=${event.firmid}`,
    `client=${client}`,
    `subject=${event.subject}`,
    `id=${event.id}`,
    JSON.stringify(event.data),
  ].join('  ');
}

function jsonLine({ message, event, invalid }: Seen): string {
  const at = { topic: message.topic, partition: message.partition, offset: message.offset };
  return JSON.stringify(
    event
      ? { ...at, key: message.key, valid: true, event }
      : { ...at, key: message.key, valid: false, error: invalid, value: message.value?.toString() },
  );
}
