import type { IncomingMessage, OutgoingMessage } from './message';

/** Header names a dead-lettered message carries, so ops can see why and replay it. */
export const deadLetterHeaders = {
  reason: 'dlq-reason',
  errorCode: 'dlq-error-code',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

const maxReasonLength = 1_000;

export function toDeadLetter(
  message: IncomingMessage,
  deadLetterTopic: string,
  consumerGroup: string,
  error: unknown,
  attempts: number,
): OutgoingMessage {
  const reason = error instanceof Error ? error.message : String(error);
  const code =
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : 'HANDLER_FAILED';
  return {
    topic: deadLetterTopic,
    key: message.key ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: {
      ...message.headers,
      [deadLetterHeaders.reason]: reason.slice(0, maxReasonLength),
      [deadLetterHeaders.errorCode]: code,
      [deadLetterHeaders.originalTopic]: message.topic,
      [deadLetterHeaders.originalPartition]: String(message.partition),
      [deadLetterHeaders.originalOffset]: message.offset,
      [deadLetterHeaders.consumerGroup]: consumerGroup,
      [deadLetterHeaders.attempts]: String(attempts),
      [deadLetterHeaders.failedAt]: new Date().toISOString(),
    },
  };
}
