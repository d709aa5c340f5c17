/**
 * Publishes events at a fixed rate for a number of seconds and notes when each went out. A batch
 * goes every 10 ms; up to `IN_FLIGHT` batches wait for their acknowledgement at once, so one slow
 * acknowledgement does not lower the offered rate, while a publisher that cannot keep up still
 * falls behind (the rate printed says so) rather than queueing without bound.
 */
import { encodeEvent, type EventEnvelope } from '@lexfin/contracts';
import type { Publisher } from '@lexfin/messaging';

const IN_FLIGHT = 4;

export async function publishAtRate(
  publisher: Publisher,
  options: { rate: number; seconds: number },
  eventAt: (at: Date) => EventEnvelope<unknown>,
): Promise<{ publishedAt: Map<string, number>; sentSeconds: number }> {
  const tickMs = 10;
  const perTick = Math.round((options.rate * tickMs) / 1000);
  const publishedAt = new Map<string, number>();
  const sending = new Set<Promise<void>>();
  const started = Date.now();
  for (let tick = 0; Date.now() - started < options.seconds * 1000; tick += 1) {
    const dueAt = started + tick * tickMs;
    if (dueAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()));
    const at = new Date();
    const events = Array.from({ length: perTick }, () => eventAt(at));
    for (const event of events) publishedAt.set(event.id, at.getTime());
    if (sending.size >= IN_FLIGHT) await Promise.race(sending);
    const send = publisher.publish(events.map(encodeEvent));
    sending.add(send);
    void send.finally(() => sending.delete(send));
  }
  await Promise.all(sending);
  return { publishedAt, sentSeconds: (Date.now() - started) / 1000 };
}
