import { timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './errors';
import { signatureBytes } from './signature';

/** Node's `req.headers`, a fetch `Headers`, or any object with lower- or mixed-case names. */
export type WebhookHeaders =
  { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** The endpoint's signing secret, `whsec_...`. */
  secret: string;
  headers: WebhookHeaders;
  /** The raw request body, before any JSON parsing: a re-serialised body will not verify. */
  body: string | Uint8Array;
  /** How far the timestamp may be from now, either way (replay protection). */
  toleranceSeconds?: number;
  /** The current time; for tests. */
  now?: Date;
}

const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Checks a webhook the Standard Webhooks way: the timestamp is within the tolerance and at least
 * one `v1,` signature in `webhook-signature` (there are two while a secret is being rotated) is
 * the HMAC of `id.timestamp.body`. Returns the parsed body; throws WebhookVerificationError.
 */
export function verifyWebhook<Event = unknown>(options: VerifyWebhookOptions): Event {
  const id = requiredHeader(options.headers, 'webhook-id');
  const timestamp = parseTimestamp(requiredHeader(options.headers, 'webhook-timestamp'));
  const signatures = requiredHeader(options.headers, 'webhook-signature');
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `The webhook timestamp is more than ${tolerance} s away from now: a replayed or delayed message`,
    );
  }
  const expected = signatureBytes(options.secret, { id, timestamp, body: options.body });
  const matches = signatures
    .split(' ')
    .filter((candidate) => candidate.startsWith('v1,'))
    .some((candidate) => sameBytes(Buffer.from(candidate.slice(3), 'base64'), expected));
  if (!matches) {
    throw new WebhookVerificationError(
      'NO_MATCHING_SIGNATURE',
      'No webhook signature matches: wrong secret, or the body was changed (verify the raw body)',
    );
  }
  return parseBody<Event>(options.body);
}

function sameBytes(candidate: Buffer, expected: Buffer): boolean {
  // timingSafeEqual needs equal lengths; a length says nothing about the secret.
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function requiredHeader(headers: WebhookHeaders, name: string): string {
  const value = headerValue(headers, name);
  if (value === undefined || value === '') {
    throw new WebhookVerificationError('MISSING_HEADER', `The ${name} header is missing`);
  }
  return value;
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function parseTimestamp(text: string): number {
  if (!/^\d{1,12}$/.test(text)) {
    throw new WebhookVerificationError(
      'INVALID_TIMESTAMP',
      'The webhook-timestamp header must be unix seconds',
    );
  }
  return Number(text);
}

function parseBody<Event>(body: string | Uint8Array): Event {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  try {
    return JSON.parse(text) as Event;
  } catch {
    throw new WebhookVerificationError('INVALID_BODY', 'The webhook body is not JSON');
  }
}
