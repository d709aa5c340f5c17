import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import {
  ConfigError,
  ForbiddenError,
  UnauthenticatedError,
  createAuthenticator,
  requireRole,
  signDevToken,
  toProblemJson,
  type Identity,
  type Role,
} from '../src';

const SECRET = 'test-secret-test-secret-test-secret';
const OTHER_SECRET = 'another-secret-another-secret-another';
const hs256 = createAuthenticator({ jwtSecret: SECRET });

function bearer(token: string): string {
  return `Bearer ${token}`;
}

async function rejection(promise: Promise<unknown>): Promise<UnauthenticatedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return error as UnauthenticatedError;
}

function signed(claims: Record<string, unknown>, secret = SECRET) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

describe('HS256 authenticator (development and test)', () => {
  it('accepts a valid token and returns the identity', async () => {
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['billing_clerk', 'partner'],
    });
    await expect(hs256.authenticate(bearer(token))).resolves.toEqual({
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['billing_clerk', 'partner'],
      token,
    });
  });

  it('accepts a client_portal token with its client', async () => {
    const token = await signDevToken({
      secret: SECRET,
      userId: 'portal-user',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['client_portal'],
      clientId: '77777777-7777-4777-8777-777777777777',
    });
    await expect(hs256.authenticate(bearer(token))).resolves.toMatchObject({
      roles: ['client_portal'],
      clientId: '77777777-7777-4777-8777-777777777777',
    });
  });

  it('rejects a missing or malformed header', async () => {
    expect((await rejection(hs256.authenticate(undefined))).message).toBe(
      'Missing Authorization header: send "Authorization: Bearer <token>"',
    );
    expect((await rejection(hs256.authenticate('Basic dXNlcjpwdw=='))).message).toBe(
      'The Authorization header must be "Bearer <token>"',
    );
    expect((await rejection(hs256.authenticate('Bearer not-a-jwt'))).message).toBe(
      'The token is malformed',
    );
  });

  it('rejects an expired token', async () => {
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['ops'],
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });
    expect((await rejection(hs256.authenticate(bearer(token)))).message).toBe(
      'The token has expired',
    );
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signDevToken({
      secret: OTHER_SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['ops'],
    });
    expect((await rejection(hs256.authenticate(bearer(token)))).message).toBe(
      'The token signature is not valid',
    );
  });

  it('rejects a token without firm_id, sub or expiry', async () => {
    const withoutFirm = await signed({ roles: ['ops'] });
    expect((await rejection(hs256.authenticate(bearer(withoutFirm)))).message).toBe(
      'The token has no firm_id claim',
    );

    const withoutSubject = await new SignJWT({
      firm_id: '11111111-1111-4111-8111-111111111111',
      roles: ['ops'],
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(hs256.authenticate(bearer(withoutSubject)))).message).toBe(
      'The token has no sub claim',
    );

    const neverExpiring = await new SignJWT({
      firm_id: '11111111-1111-4111-8111-111111111111',
      roles: ['ops'],
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(hs256.authenticate(bearer(neverExpiring)))).message).toBe(
      'The token has no exp claim',
    );
  });

  it('rejects a firm_id or client_id that is not a UUID', async () => {
    const firmNotUuid = await signed({ firm_id: 'harbour-law', roles: ['partner'] });
    expect((await rejection(hs256.authenticate(bearer(firmNotUuid)))).message).toBe(
      'The token firm_id claim is not a UUID',
    );
    const clientNotUuid = await signed({
      firm_id: '11111111-1111-4111-8111-111111111111',
      roles: ['client_portal'],
      client_id: "'; drop table clients; --",
    });
    expect((await rejection(hs256.authenticate(bearer(clientNotUuid)))).message).toBe(
      'The token client_id claim is not a UUID',
    );
  });

  it('rejects unknown or missing roles', async () => {
    const unknownRole = await signDevToken({
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['billing_clerk', 'superuser' as Role],
    });
    expect((await rejection(hs256.authenticate(bearer(unknownRole)))).message).toBe(
      'The token carries unknown roles: "superuser"',
    );

    const rolesNotAnArray = await signed({
      firm_id: '11111111-1111-4111-8111-111111111111',
      roles: 'firm_admin',
    });
    expect((await rejection(hs256.authenticate(bearer(rolesNotAnArray)))).message).toBe(
      'The token roles claim must be an array of roles',
    );
  });

  it('rejects client_portal without client_id, or mixed with staff roles', async () => {
    const withoutClient = await signDevToken({
      secret: SECRET,
      userId: 'portal-user',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['client_portal'],
    });
    expect((await rejection(hs256.authenticate(bearer(withoutClient)))).message).toBe(
      'A client_portal token must carry a client_id claim',
    );

    const mixed = await signDevToken({
      secret: SECRET,
      userId: 'portal-user',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['client_portal', 'firm_admin'],
      clientId: '77777777-7777-4777-8777-777777777777',
    });
    expect((await rejection(hs256.authenticate(bearer(mixed)))).message).toBe(
      'The client_portal role cannot be combined with staff roles',
    );
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createAuthenticator({
      jwtSecret: SECRET,
      issuer: 'https://auth.lexfin.dev/',
      audience: 'lexfin-api',
    });
    const base = {
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['ops'] as Role[],
    };
    const good = await signDevToken({
      ...base,
      issuer: 'https://auth.lexfin.dev/',
      audience: 'lexfin-api',
    });
    await expect(strict.authenticate(bearer(good))).resolves.toMatchObject({
      firmId: '11111111-1111-4111-8111-111111111111',
    });

    const wrongAudience = await signDevToken({
      ...base,
      issuer: 'https://auth.lexfin.dev/',
      audience: 'someone-else',
    });
    expect((await rejection(strict.authenticate(bearer(wrongAudience)))).message).toBe(
      "The token's aud claim is not accepted",
    );
  });

  it('refuses to start without a way to verify tokens, or with a short secret', () => {
    expect(() => createAuthenticator({})).toThrow(ConfigError);
    expect(() => createAuthenticator({ jwtSecret: 'short' })).toThrow(
      'LEXFIN_JWT_SECRET must be at least 32 characters long',
    );
  });
});

describe('requireRole', () => {
  const identity = (roles: Role[]): Identity => ({
    userId: 'user-1',
    firmId: '11111111-1111-4111-8111-111111111111',
    roles,
    token: 'token',
  });

  it('allows a caller holding one of the roles', () => {
    expect(() =>
      requireRole(identity(['trust_accountant']), 'trust_accountant', 'firm_admin'),
    ).not.toThrow();
  });

  it('names the allowed roles when refusing', () => {
    const refuse = () =>
      requireRole(identity(['collections_agent']), 'trust_accountant', 'partner');
    expect(refuse).toThrow(ForbiddenError);
    expect(refuse).toThrow('This operation requires one of the roles: trust_accountant, partner');
  });

  it('does not let firm_admin through unless the operation lists it', () => {
    expect(() => requireRole(identity(['firm_admin']), 'trust_accountant')).toThrow(ForbiddenError);
  });
});

describe('JWKS authenticator (production)', () => {
  let server: http.Server;
  let jwksUrl: string;
  let signingKey: CryptoKey;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    const publicJwk: JWK = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'key-1',
      alg: 'ES256',
      use: 'sig',
    };
    server = http.createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  async function es256Token(key: CryptoKey, kid = 'key-1') {
    return new SignJWT({
      firm_id: '99999999-9999-4999-8999-999999999999',
      roles: ['trust_accountant'],
    })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('user-9')
      .setIssuer('https://auth.lexfin.dev/')
      .setExpirationTime('5m')
      .sign(key);
  }

  it('accepts a token signed by a key of the JWKS', async () => {
    const authenticator = createAuthenticator({ jwksUrl, issuer: 'https://auth.lexfin.dev/' });
    const token = await es256Token(signingKey);
    await expect(authenticator.authenticate(bearer(token))).resolves.toEqual({
      userId: 'user-9',
      firmId: '99999999-9999-4999-8999-999999999999',
      roles: ['trust_accountant'],
      token,
    });
    // The key set is cached: a second token costs no second fetch.
    const before = fetches;
    await authenticator.authenticate(bearer(await es256Token(signingKey)));
    expect(fetches).toBe(before);
  });

  it('rejects a token signed by a key outside the JWKS', async () => {
    const authenticator = createAuthenticator({ jwksUrl });
    const stranger = await generateKeyPair('ES256');
    const forged = await es256Token(stranger.privateKey);
    expect((await rejection(authenticator.authenticate(bearer(forged)))).message).toBe(
      'The token signature is not valid',
    );
    const unknownKid = await es256Token(stranger.privateKey, 'key-2');
    expect((await rejection(authenticator.authenticate(bearer(unknownKid)))).message).toBe(
      'The token signature is not valid',
    );
  });

  it('rejects HS256 tokens even when a secret is configured too', async () => {
    const authenticator = createAuthenticator({ jwksUrl, jwtSecret: SECRET });
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['firm_admin'],
    });
    expect((await rejection(authenticator.authenticate(bearer(token)))).message).toBe(
      'The token is signed with an algorithm that is not accepted',
    );
  });

  it("reports an unreachable JWKS as our failure, not the caller's", async () => {
    const authenticator = createAuthenticator({ jwksUrl: 'http://127.0.0.1:1/jwks.json' });
    const token = await es256Token(signingKey);
    const error = await authenticator
      .authenticate(bearer(token))
      .catch((reason: unknown) => reason);
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(UnauthenticatedError);
    expect(toProblemJson(error).status).toBe(500);
  });
});

describe('verified token cache', () => {
  it('verifies a token once and answers repeats from memory', async () => {
    const authenticator = createAuthenticator({ jwtSecret: SECRET });
    const token = await signDevToken({
      secret: SECRET,
      userId: 'u-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['partner'],
    });
    const first = await authenticator.authenticate(`Bearer ${token}`);
    expect(await authenticator.authenticate(`Bearer ${token}`)).toBe(first);
  });

  it('never remembers a token that failed verification', async () => {
    const authenticator = createAuthenticator({ jwtSecret: SECRET });
    const forged = await signDevToken({
      secret: 'x'.repeat(40),
      userId: 'u-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['partner'],
    });
    await expect(authenticator.authenticate(`Bearer ${forged}`)).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(authenticator.authenticate(`Bearer ${forged}`)).rejects.toThrow(
      UnauthenticatedError,
    );
  });
});
