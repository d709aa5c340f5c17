import { randomBytes } from 'node:crypto';
import { verifyWebhook } from '@lexfin/webhook-verify';
import { newSigningSecret, SecretBox, signatureHeader } from '../../src/domain/signing-secrets';

it('makes whsec_ secrets of 32 random bytes', () => {
  const secret = newSigningSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  expect(newSigningSecret()).not.toBe(secret);
});

it('signs with every secret in use, each verifiable on its own', () => {
  const [current, previous] = [newSigningSecret(), newSigningSecret()];
  const content = { id: 'evt-1', timestamp: Math.floor(Date.now() / 1000), body: '{"a":1}' };
  const header = signatureHeader([current, previous], content);
  expect(header).toMatch(/^v1,\S+ v1,\S+$/);
  const headers = {
    'webhook-id': content.id,
    'webhook-timestamp': String(content.timestamp),
    'webhook-signature': header,
  };
  for (const secret of [current, previous]) {
    expect(verifyWebhook({ secret, headers, body: content.body })).toEqual({ a: 1 });
  }
});

it('seals secrets so that only the same key and endpoint open them', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const secret = newSigningSecret();
  const sealed = box.seal(secret, 'firm/endpoint-1');
  expect(sealed).not.toContain(secret.slice(6));
  expect(box.seal(secret, 'firm/endpoint-1')).not.toBe(sealed);
  expect(box.open(sealed, 'firm/endpoint-1')).toBe(secret);
  expect(() => box.open(sealed, 'firm/endpoint-2')).toThrow();
  expect(() => new SecretBox(randomBytes(32)).open(sealed, 'firm/endpoint-1')).toThrow();
  expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
});
