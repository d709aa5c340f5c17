/**
 * In production every process verifies tokens against the identity provider's keys and checks
 * their issuer and audience, so a token the same provider minted for another application is
 * refused by every service and by the gateway; and a process started without issuer or
 * audience refuses to start.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EX_CONFIG } from '@lexfin/platform';
import { runService } from '@lexfin/service-kit';
import { graphqlClient, mintToken, startJwksServer, type JwksServer } from '@lexfin/testing';
import { billingService } from '../services/billing/src/service';
import { gatewayService } from '../services/gateway/src/service';
import { trustAccountingService } from '../services/trust-accounting/src/service';
import { webhooksService } from '../services/webhooks/src/service';
import { startPlatform, type Platform } from './support/platform';

const ISSUER = 'https://id.harbour-law.example/';
const AUDIENCE = 'lexfin-api';
let jwks: JwksServer;
let platform: Platform;
const encryptionKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  jwks = await startJwksServer();
  platform = await startPlatform({
    env: {
      NODE_ENV: 'production',
      LEXFIN_JWKS_URL: jwks.jwksUrl,
      LEXFIN_JWT_ISSUER: ISSUER,
      LEXFIN_JWT_AUDIENCE: AUDIENCE,
      WEBHOOK_SECRET_ENCRYPTION_KEY: encryptionKey,
      TRUST_ACCOUNT_NUMBER_KEY: encryptionKey,
    },
  });
});

afterAll(async () => {
  await platform?.close();
  await jwks?.stop();
});

const endpoints = () => ({
  billing: `${platform.billing.url}/graphql`,
  'trust-accounting': `${platform.trust.url}/graphql`,
  webhooks: `${platform.webhooks.url}/graphql`,
  gateway: `${platform.gatewayUrl}/graphql`,
});

async function answer(url: string, token: string) {
  const response = await graphqlClient(url, token).request('{ __typename }');
  return { status: response.status, code: response.errors?.[0]?.extensions?.code ?? null };
}

it('accepts a token of the right issuer and audience everywhere', async () => {
  const token = await jwks.sign({
    issuer: ISSUER,
    audience: AUDIENCE,
    firmId: randomUUID(),
    roles: ['partner'],
  });
  for (const [process, url] of Object.entries(endpoints())) {
    expect({ process, ...(await answer(url, token)) }).toEqual({
      process,
      status: 200,
      code: null,
    });
  }
});

it('refuses a token minted for another application or by another issuer everywhere', async () => {
  const firmId = randomUUID();
  const tokens = {
    'other audience': await jwks.sign({
      issuer: ISSUER,
      audience: 'intake-app',
      firmId,
      roles: ['partner'],
    }),
    'other issuer': await jwks.sign({
      issuer: 'https://id.other.example/',
      audience: AUDIENCE,
      firmId,
      roles: ['partner'],
    }),
    // The development secret is no way in: production accepts only the provider's keys.
    'shared secret': await mintToken({ firmId, roles: ['partner'] }),
  };
  for (const [process, url] of Object.entries(endpoints())) {
    for (const [kind, token] of Object.entries(tokens)) {
      expect({ process, kind, ...(await answer(url, token)) }).toEqual({
        process,
        kind,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  }
});

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

it('refuses to start in production without issuer or audience: one line, exit 78', async () => {
  const written: string[] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    for (const declaration of [
      billingService,
      trustAccountingService,
      webhooksService,
      gatewayService,
    ]) {
      written.length = 0;
      const started = runService(declaration as never, {
        args: [],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LEXFIN_JWKS_URL: jwks.jwksUrl,
          LEXFIN_JWT_ISSUER: undefined,
          LEXFIN_JWT_AUDIENCE: undefined,
          WEBHOOK_SECRET_ENCRYPTION_KEY: encryptionKey,
          TRUST_ACCOUNT_NUMBER_KEY: encryptionKey,
          DATABASE_URL: 'postgres://lexfin_app@127.0.0.1:5432/unused',
        },
        exit: (code) => {
          throw new Exited(code);
        },
      });
      await expect(started).rejects.toEqual(new Exited(EX_CONFIG));
      expect(written).toHaveLength(1);
      expect(written[0]).toMatch(/^Configuration error: .*\n$/);
      expect(written[0]!.split('\n')).toHaveLength(2);
      expect(written[0]).toContain('LEXFIN_JWT_ISSUER is missing, and production needs it');
      expect(written[0]).toContain('LEXFIN_JWT_AUDIENCE is missing, and production needs it');
    }
  } finally {
    stderr.mockRestore();
  }
});
