import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { envEncryptionKey, requireKeyInProduction, SealedBox, sealedBoxFor } from '../src';

it('seals secrets so that only the same key and owner open them', () => {
  const key = randomBytes(32);
  const box = new SealedBox(key);
  const secret = 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LW9mLTMyLWJ5dGVzISE=';
  const sealed = box.seal(secret, 'firm/endpoint-1');
  expect(sealed).not.toContain(secret.slice(6));
  expect(box.seal(secret, 'firm/endpoint-1')).not.toBe(sealed);
  expect(box.open(sealed, 'firm/endpoint-1')).toBe(secret);
  expect(() => box.open(sealed, 'firm/endpoint-2')).toThrow();
  expect(() => new SealedBox(randomBytes(32)).open(sealed, 'firm/endpoint-1')).toThrow();
  expect(() => new SealedBox(randomBytes(16))).toThrow(/32 bytes/);
});

it('opens with the same development key across restarts, and a configured key otherwise', () => {
  const sealed = sealedBoxFor(undefined, 'webhooks').seal('1234567890', 'account-1');
  expect(sealedBoxFor(undefined, 'webhooks').open(sealed, 'account-1')).toBe('1234567890');
  expect(() =>
    sealedBoxFor(undefined, 'trust account numbers').open(sealed, 'account-1'),
  ).toThrow();
  const key = randomBytes(32).toString('base64');
  expect(sealedBoxFor(key, 'webhooks').open(sealedBoxFor(key, 'x').seal('a', 'o'), 'o')).toBe('a');
});

it('requires the key variable in production only, and 32 bytes when set', () => {
  const schema = z
    .object({ NODE_ENV: z.string(), SOME_KEY: envEncryptionKey() })
    .superRefine((config, ctx) => requireKeyInProduction(config, ctx, 'SOME_KEY'));
  expect(schema.safeParse({ NODE_ENV: 'development' }).success).toBe(true);
  expect(schema.safeParse({ NODE_ENV: 'production' }).error?.issues[0]).toMatchObject({
    path: ['SOME_KEY'],
    message: expect.stringMatching(/^is missing, and production needs it/),
  });
  expect(
    schema.safeParse({ NODE_ENV: 'production', SOME_KEY: randomBytes(16).toString('base64') })
      .success,
  ).toBe(false);
});
