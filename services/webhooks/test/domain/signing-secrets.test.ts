import { verifyWebhook } from '@lexfin/webhook-verify';
import { newSigningSecret, signatureHeader } from '../../src/domain/signing-secrets';

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
