import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { baseConfigShape, loadConfig } from '@lexfin/platform';

/** Outside production only: a fixed key, so a development database stays readable across restarts. */
const DEVELOPMENT_KEY = createHash('sha256')
  .update('lexfin trust account numbers development key: not for production')
  .digest();

const keyConfigSchema = z
  .object({
    NODE_ENV: baseConfigShape.NODE_ENV,
    TRUST_ACCOUNT_NUMBER_KEY: z
      .string()
      .refine(
        (value) => Buffer.from(value, 'base64').length === 32,
        'must be 32 bytes in base64, e.g. the output of `openssl rand -base64 32`',
      )
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.TRUST_ACCOUNT_NUMBER_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_ACCOUNT_NUMBER_KEY'],
        message:
          'is missing, and production needs it (set it to 32 random bytes in base64, e.g. `openssl rand -base64 32`)',
      });
    }
  });

const CIPHER = 'aes-256-gcm';
const FORMAT = 'v1';

/**
 * Seals trust bank account numbers at rest (AES-256-GCM). The trust account's id is
 * authenticated data, so a sealed number copied onto another account's row does not open.
 */
export class AccountNumberBox {
  constructor(private readonly key: Buffer) {}

  seal(accountNumber: string, trustAccountId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv).setAAD(Buffer.from(trustAccountId));
    const sealed = Buffer.concat([cipher.update(accountNumber, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')),
    ].join('.');
  }

  open(sealed: string, trustAccountId: string): string {
    const [format, iv, tag, data] = sealed.split('.');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
      throw new Error(`trust account ${trustAccountId}: not a sealed account number`);
    }
    const decipher = createDecipheriv(CIPHER, this.key, Buffer.from(iv, 'base64'))
      .setAAD(Buffer.from(trustAccountId))
      .setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}

let box: AccountNumberBox | undefined;

/**
 * The box with the key from TRUST_ACCOUNT_NUMBER_KEY (required in production; main.ts asks for
 * it at start-up, so a missing key stops the service before it serves anything).
 */
export function accountNumberBox(): AccountNumberBox {
  if (!box) {
    const key = loadConfig(keyConfigSchema).TRUST_ACCOUNT_NUMBER_KEY;
    box = new AccountNumberBox(key === undefined ? DEVELOPMENT_KEY : Buffer.from(key, 'base64'));
  }
  return box;
}
