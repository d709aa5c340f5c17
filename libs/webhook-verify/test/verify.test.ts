import { signWebhook, verifyWebhook, WebhookVerificationError } from '../src';

// The Standard Webhooks reference vector: what every conforming library signs and accepts.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const body = '{"test": 2432232314}';
const referenceSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const at = new Date(timestamp * 1000);

function headers(signature = referenceSignature, sentAt = String(timestamp)) {
  return { 'webhook-id': id, 'webhook-timestamp': sentAt, 'webhook-signature': signature };
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError');
}

it('signs the reference vector exactly', () => {
  expect(signWebhook(secret, { id, timestamp, body })).toBe(referenceSignature);
  expect(signWebhook(secret, { id, timestamp, body: Buffer.from(body) })).toBe(referenceSignature);
});

it('accepts the reference vector and returns the parsed body', () => {
  expect(verifyWebhook({ secret, headers: headers(), body, now: at })).toEqual({
    test: 2432232314,
  });
});

it('accepts fetch Headers, mixed-case names and a Buffer body', () => {
  const fetchHeaders = new Headers(headers());
  expect(
    verifyWebhook({ secret, headers: fetchHeaders, body: Buffer.from(body), now: at }),
  ).toEqual({ test: 2432232314 });
  const mixed = { 'Webhook-Id': id, 'Webhook-Timestamp': String(timestamp) };
  expect(() =>
    verifyWebhook({
      secret,
      headers: { ...mixed, 'Webhook-Signature': referenceSignature },
      body,
      now: at,
    }),
  ).not.toThrow();
});

it('accepts when any of several signatures matches (secret rotation)', () => {
  const other = signWebhook('whsec_' + Buffer.alloc(24, 7).toString('base64'), {
    id,
    timestamp,
    body,
  });
  for (const both of [`${other} ${referenceSignature}`, `${referenceSignature} ${other}`]) {
    expect(() => verifyWebhook({ secret, headers: headers(both), body, now: at })).not.toThrow();
  }
  expect(failure(() => verifyWebhook({ secret, headers: headers(other), body, now: at }))).toBe(
    'NO_MATCHING_SIGNATURE',
  );
});

it('rejects a changed body, a changed id and signatures of other schemes', () => {
  expect(
    failure(() =>
      verifyWebhook({ secret, headers: headers(), body: '{"test": 2432232315}', now: at }),
    ),
  ).toBe('NO_MATCHING_SIGNATURE');
  expect(
    failure(() =>
      verifyWebhook({ secret, headers: { ...headers(), 'webhook-id': 'msg_x' }, body, now: at }),
    ),
  ).toBe('NO_MATCHING_SIGNATURE');
  const otherScheme = referenceSignature.replace('v1,', 'v1a,');
  expect(
    failure(() => verifyWebhook({ secret, headers: headers(otherScheme), body, now: at })),
  ).toBe('NO_MATCHING_SIGNATURE');
  expect(failure(() => verifyWebhook({ secret, headers: headers('v1,AAAA'), body, now: at }))).toBe(
    'NO_MATCHING_SIGNATURE',
  );
});

it('rejects timestamps outside the tolerance, either way', () => {
  const late = new Date((timestamp + 301) * 1000);
  const early = new Date((timestamp - 301) * 1000);
  expect(failure(() => verifyWebhook({ secret, headers: headers(), body, now: late }))).toBe(
    'TIMESTAMP_OUT_OF_TOLERANCE',
  );
  expect(failure(() => verifyWebhook({ secret, headers: headers(), body, now: early }))).toBe(
    'TIMESTAMP_OUT_OF_TOLERANCE',
  );
  expect(() =>
    verifyWebhook({ secret, headers: headers(), body, now: late, toleranceSeconds: 301 }),
  ).not.toThrow();
  expect(
    failure(() => verifyWebhook({ secret, headers: headers(undefined, '1e9'), body, now: at })),
  ).toBe('INVALID_TIMESTAMP');
});

it('names a missing header, a bad secret and a body that is not JSON', () => {
  const { 'webhook-signature': _dropped, ...unsigned } = headers();
  expect(failure(() => verifyWebhook({ secret, headers: unsigned, body, now: at }))).toBe(
    'MISSING_HEADER',
  );
  expect(
    failure(() => verifyWebhook({ secret: 'whsec_!!', headers: headers(), body, now: at })),
  ).toBe('INVALID_SECRET');
  const text = 'not json';
  const signed = signWebhook(secret, { id, timestamp, body: text });
  expect(
    failure(() => verifyWebhook({ secret, headers: headers(signed), body: text, now: at })),
  ).toBe('INVALID_BODY');
});
