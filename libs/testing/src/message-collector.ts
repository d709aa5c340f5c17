import type { IncomingMessage, Messaging } from '@lexfin/messaging';
import { uniqueName } from './unique';

export interface MessageCollector {
  readonly messages: IncomingMessage[];
  /** Resolves with the collected messages once `count` match, rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<IncomingMessage[]>;
  stop(): Promise<void>;
}

/**
 * A consumer in its own group that keeps what passes `accept` (tests share catalogue topics, so
 * they filter by their own firm id or key), to assert what reached Kafka and in which order.
 */
export async function startMessageCollector(
  messaging: Messaging,
  topics: string[],
  accept: (message: IncomingMessage) => boolean = () => true,
): Promise<MessageCollector> {
  const messages: IncomingMessage[] = [];
  let notify = () => undefined as void;
  const consumer = await messaging.startConsumer({
    groupId: uniqueName('collector'),
    topics,
    fromBeginning: true,
    async handle(message) {
      if (!accept(message)) return;
      messages.push(message);
      notify();
    },
  });
  return {
    messages,
    waitFor(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `expected ${count} messages on ${topics.join(',')}, got ${messages.length} in ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
        notify = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          resolve(messages);
        };
        notify();
      });
    },
    stop: () => consumer.stop(),
  };
}
