import type { CollectionMessage, DeliveryOutcome } from '../message';
import { bounced, failed, sent } from './outcomes';

export const SMS_TIMEOUT_MS = 10_000;

/** How much of a provider's answer is read: enough for an id or an error code. */
const MAX_ANSWER_BYTES = 16 * 1024;

export interface SmsSender {
  send(message: CollectionMessage, text: string): Promise<DeliveryOutcome>;
}

/**
 * The SMS provider adapter: POST JSON `{ to, body, idempotencyKey }` with a bearer token; the
 * attempt's id is the idempotency key, so a retried attempt is not sent twice. The URL is the
 * operator's configuration (checked http(s) at start), not user input; redirects are not
 * followed.
 */
export function createSmsSender(settings: {
  url: string;
  token: string | null;
  timeoutMs?: number;
}): SmsSender {
  const timeoutMs = settings.timeoutMs ?? SMS_TIMEOUT_MS;
  return {
    async send(message, text) {
      const to = message.client.phone;
      if (to === null || to.trim() === '') return bounced('no phone number');
      let response: Response;
      let answer: unknown;
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
          },
          body: JSON.stringify({ to, body: text, idempotencyKey: message.messageId }),
        });
        answer = await readJson(response);
      } catch (error) {
        const name = (error as Error).name;
        return failed(
          name === 'TimeoutError'
            ? `SMS provider did not answer within ${timeoutMs} ms`
            : 'SMS provider not reached',
        );
      }
      return outcomeOf(response.status, answer);
    },
  };
}

function outcomeOf(status: number, answer: unknown): DeliveryOutcome {
  if (status >= 200 && status < 300) {
    const id = fieldOf(answer, 'id') ?? fieldOf(answer, 'messageId');
    return sent(id);
  }
  if (status >= 400 && status < 500 && saysInvalidNumber(answer)) {
    return bounced(`number refused by the SMS provider (${status})`);
  }
  return failed(`SMS provider answered ${status}`);
}

/** A provider's refusal of the number itself, e.g. `{ "error": "invalid_number" }`. */
function saysInvalidNumber(answer: unknown): boolean {
  const said = [fieldOf(answer, 'error'), fieldOf(answer, 'code')].filter(Boolean).join(' ');
  return /invalid[ _-]?(phone[ _-]?)?(number|recipient|to)\b/i.test(said);
}

async function readJson(response: Response): Promise<unknown> {
  const body = response.body;
  if (body === null) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) break;
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function fieldOf(answer: unknown, name: string): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const value = (answer as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
