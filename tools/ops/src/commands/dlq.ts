import { deadLetterTopicFor } from '@lexfin/contracts';
import {
  createKafkaMessaging,
  createStreamInspector,
  deadLetterHeaders,
  silentLogger,
  type IncomingMessage,
  type OutgoingMessage,
  type StreamInspector,
} from '@lexfin/messaging';
import { opsKafkaSettings } from '../config';
import type { OpsIo } from '../io';
import { table } from '../table';

const dlqPrefix = 'lexfin.dlq.';
/** Headers a replay adds: who sent the message back, and from where. */
export const replayHeaders = { by: 'replayed-by', from: 'replayed-from' } as const;
const deadLetterHeaderNames = new Set<string>(Object.values(deadLetterHeaders));

/** `ops dlq list`: every dead letter of every group (or of one), oldest first. */
export async function dlqList(
  io: OpsIo,
  options: { group?: string; json?: boolean },
): Promise<number> {
  const letters = await withInspector(io, async (inspector) => {
    const topics =
      options.group === undefined
        ? (await inspector.listTopics()).filter((topic) => topic.startsWith(dlqPrefix))
        : [deadLetterTopicFor(options.group)];
    return readAll(inspector, topics);
  });
  if (options.json) {
    for (const letter of letters) io.out(JSON.stringify(summary(letter)));
    return 0;
  }
  const rows = letters.map((letter) => {
    const s = summary(letter);
    return [s.group, String(s.offset), s.failedAt, s.errorCode, s.eventType, s.reason.slice(0, 80)];
  });
  for (const line of table(['GROUP', 'OFFSET', 'FAILED AT', 'CODE', 'TYPE', 'REASON'], rows)) {
    io.out(line);
  }
  return 0;
}

/** `ops dlq show <group> <offset>`: one dead letter whole: why it failed, headers, value. */
export async function dlqShow(io: OpsIo, group: string, offset: string): Promise<number> {
  const letter = (await readGroup(io, group)).find((m) => m.offset === offset);
  if (!letter) {
    io.out(`no dead letter at offset ${offset} of ${deadLetterTopicFor(group)}`);
    return 1;
  }
  io.out(`${letter.topic}@${letter.offset}  key=${letter.key ?? '-'}`);
  for (const [name, value] of Object.entries(letter.headers).sort()) io.out(`${name}: ${value}`);
  io.out('');
  io.out(prettyValue(letter.value));
  return 0;
}

/**
 * `ops dlq replay <group>`: sends dead letters back to the topic they came from with their key
 * and original headers, plus who replayed them. Safe to repeat: consumers apply an event once
 * (the inbox), the webhook fan-out keys deliveries by event id.
 */
export async function dlqReplay(
  io: OpsIo,
  group: string,
  options: { offsets?: string[]; all?: boolean; by: string },
): Promise<number> {
  if (!options.all && (options.offsets ?? []).length === 0) {
    io.out('say which dead letters to replay: --offset <n> (repeatable) or --all');
    return 2;
  }
  const letters = await readGroup(io, group);
  const wanted = options.all ? letters : letters.filter((l) => options.offsets?.includes(l.offset));
  const missing = (options.offsets ?? []).filter((o) => !letters.some((l) => l.offset === o));
  if (missing.length > 0) {
    io.out(`no dead letter at offset ${missing.join(', ')} of ${deadLetterTopicFor(group)}`);
    return 1;
  }
  const messaging = createKafkaMessaging(opsKafkaSettings(io.env), silentLogger);
  try {
    const publisher = await messaging.connectPublisher();
    await publisher.publish(wanted.map((letter) => replayOf(letter, options.by)));
    await publisher.disconnect();
  } finally {
    await messaging.close();
  }
  for (const letter of wanted) {
    io.out(
      `replayed ${letter.topic}@${letter.offset} to ${letter.headers[deadLetterHeaders.originalTopic]}`,
    );
  }
  return 0;
}

function replayOf(letter: IncomingMessage, by: string): OutgoingMessage {
  const topic = letter.headers[deadLetterHeaders.originalTopic];
  if (!topic) throw new Error(`${letter.topic}@${letter.offset} names no original topic`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    if (!deadLetterHeaderNames.has(name)) headers[name] = value;
  }
  headers[replayHeaders.by] = by;
  headers[replayHeaders.from] = `${letter.topic}@${letter.offset}`;
  return { topic, key: letter.key ?? '', value: letter.value?.toString('utf8') ?? '', headers };
}

function summary(letter: IncomingMessage) {
  const h = letter.headers;
  return {
    group: h[deadLetterHeaders.consumerGroup] ?? letter.topic.slice(dlqPrefix.length),
    topic: letter.topic,
    offset: Number(letter.offset),
    failedAt: h[deadLetterHeaders.failedAt] ?? '-',
    errorCode: h[deadLetterHeaders.errorCode] ?? '-',
    eventType: h.ce_type ?? '-',
    eventId: h.ce_id ?? null,
    original: `${h[deadLetterHeaders.originalTopic]}[${h[deadLetterHeaders.originalPartition]}]@${h[deadLetterHeaders.originalOffset]}`,
    attempts: Number(h[deadLetterHeaders.attempts] ?? 0),
    reason: h[deadLetterHeaders.reason] ?? '',
  };
}

function prettyValue(value: Buffer | null): string {
  const text = value?.toString('utf8') ?? '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function readGroup(io: OpsIo, group: string): Promise<IncomingMessage[]> {
  return withInspector(io, (inspector) => readAll(inspector, [deadLetterTopicFor(group)]));
}

async function readAll(
  inspector: StreamInspector,
  topics: readonly string[],
): Promise<IncomingMessage[]> {
  if (topics.length === 0) return [];
  const found: IncomingMessage[] = [];
  const reading = await inspector.read({
    topics,
    from: 'beginning',
    until: 'end',
    handle: (message) => void found.push(message),
  });
  await reading.done;
  return found.sort(
    (a, b) => a.topic.localeCompare(b.topic) || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

async function withInspector<T>(
  io: OpsIo,
  work: (inspector: StreamInspector) => Promise<T>,
): Promise<T> {
  const inspector = createStreamInspector(opsKafkaSettings(io.env), silentLogger);
  try {
    return await work(inspector);
  } finally {
    await inspector.close();
  }
}
