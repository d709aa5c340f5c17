import { randomBytes } from 'node:crypto';
import { SECRET_PREFIX, signWebhook } from '@lexfin/webhook-verify';

/** Standard Webhooks asks for 24 to 64 bytes of key; 32 matches the HMAC-SHA256 block's half. */
const SECRET_KEY_BYTES = 32;

/** How long the replaced secret still signs after a rotation, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1_000;

/** A new signing secret: `whsec_` and base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_KEY_BYTES).toString('base64')}`;
}

/** The `webhook-signature` header: one `v1,` signature per secret in use, space-separated. */
export function signatureHeader(
  secrets: readonly string[],
  content: { id: string; timestamp: number; body: string },
): string {
  return secrets.map((secret) => signWebhook(secret, content)).join(' ');
}
