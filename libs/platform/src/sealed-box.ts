import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

const CIPHER = 'aes-256-gcm';
const FORMAT = 'v1';
const KEY_BYTES = 32;
const KEY_EXAMPLE = '32 random bytes in base64, e.g. `openssl rand -base64 32`';

/**
 * Seals a secret at rest (AES-256-GCM): webhook signing secrets, bank account numbers. The owner
 * (e.g. the row's id) is authenticated data, so a sealed value copied onto another row does not
 * open.
 */
export class SealedBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`an encryption key must be ${KEY_BYTES} bytes`);
    this.key = key;
  }

  seal(secret: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv).setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')),
    ].join('.');
  }

  open(sealed: string, owner: string): string {
    const [format, iv, tag, data] = sealed.split('.');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
      throw new Error(`${owner}: not a sealed value`);
    }
    const decipher = createDecipheriv(CIPHER, this.key, Buffer.from(iv, 'base64'))
      .setAAD(Buffer.from(owner))
      .setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** An encryption key variable: 32 bytes in base64; optional here, required in production. */
export function envEncryptionKey() {
  return z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === KEY_BYTES, `must be ${KEY_EXAMPLE}`)
    .optional();
}

/** The rule that production sets the key variable `name` (a configRules / superRefine step). */
export function requireKeyInProduction<Name extends string>(
  config: { NODE_ENV: string } & { [Key in Name]?: string },
  ctx: z.RefinementCtx,
  name: Name,
): void {
  if (config.NODE_ENV === 'production' && config[name] === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `is missing, and production needs it (set it to ${KEY_EXAMPLE})`,
    });
  }
}

/**
 * The box for a key variable's value; outside production, when unset, a fixed key derived from
 * `purpose`, so a development database stays readable across restarts.
 */
export function sealedBoxFor(key: string | undefined, purpose: string): SealedBox {
  return new SealedBox(
    key === undefined
      ? createHash('sha256')
          .update(`lexfin ${purpose} development key: not for production`)
          .digest()
      : Buffer.from(key, 'base64'),
  );
}
