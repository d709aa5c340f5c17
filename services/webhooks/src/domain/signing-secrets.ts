import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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

const CIPHER = 'aes-256-gcm';
const FORMAT = 'v1';

/**
 * Seals signing secrets at rest (AES-256-GCM). The endpoint's identity is authenticated data, so
 * a sealed secret copied onto another endpoint's row does not open.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secret encryption key must be 32 bytes');
    this.key = key;
  }

  seal(secret: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv).setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  open(sealed: string, owner: string): string {
    const [format, iv, tag, data] = sealed.split('.');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('not a sealed signing secret');
    }
    const decipher = createDecipheriv(CIPHER, this.key, Buffer.from(iv, 'base64'))
      .setAAD(Buffer.from(owner))
      .setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64');
}
