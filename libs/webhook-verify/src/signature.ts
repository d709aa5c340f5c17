import { createHmac } from 'node:crypto';
import { WebhookVerificationError } from './errors';

/** The prefix of a Standard Webhooks signing secret; the rest is the key, base64-encoded. */
export const SECRET_PREFIX = 'whsec_';

export interface SignedContent {
  /** The `webhook-id` header: the event id, the same on every attempt. */
  id: string;
  /** The `webhook-timestamp` header: unix seconds of this attempt. */
  timestamp: number;
  /** The request body exactly as sent. */
  body: string | Uint8Array;
}

/** The key bytes of a `whsec_...` secret (the prefix is optional, as in the reference libraries). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new WebhookVerificationError(
      'INVALID_SECRET',
      'The webhook secret must be "whsec_" followed by base64, as shown when the endpoint was created',
    );
  }
  return key;
}

/** The raw HMAC-SHA256 of `id.timestamp.body` under the secret's key. */
export function signatureBytes(secret: string, content: SignedContent): Buffer {
  return createHmac('sha256', secretKey(secret))
    .update(`${content.id}.${content.timestamp}.`)
    .update(content.body)
    .digest();
}

/** One `v1,<base64>` signature, as it appears in the `webhook-signature` header. */
export function signWebhook(secret: string, content: SignedContent): string {
  return `v1,${signatureBytes(secret, content).toString('base64')}`;
}
