/**
 * The development platform's settings, in one place: `pnpm start` runs the services with them,
 * `pnpm run token` and `pnpm demo` sign tokens with the same development secret.
 */
import { ROLES, signDevToken } from '@lexfin/platform';

/** Accepted only where NODE_ENV is not production; production verifies tokens with a JWKS. */
export const developmentJwtSecret = 'lexfin-development-secret-change-me-0123456789';

/** The firm `pnpm start` loads as its demo (fixed, so tokens and bookmarks survive restarts). */
export const demoFirmId = '0d3e0f1a-5c1e-4b7a-9d2c-6f4e8a1b2c3d';

export function developmentEnv(env = process.env) {
  return {
    ...env,
    NODE_ENV: env.NODE_ENV ?? 'development',
    DATABASE_ADMIN_URL: env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    DATABASE_APP_ROLE: env.DATABASE_APP_ROLE ?? 'lexfin_app',
    REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LEXFIN_JWT_SECRET: env.LEXFIN_JWT_SECRET ?? developmentJwtSecret,
  };
}

export const staffRoles = ROLES.filter((role) => role !== 'client_portal');

/**
 * A development token, or an Error saying why none may be made here: never in production, and
 * never where tokens come from an identity provider (LEXFIN_JWKS_URL).
 */
export async function developmentToken(
  { roles, firmId = demoFirmId, clientId, sub = `dev-${roles.join('-')}`, expiresIn = '12h' },
  env = process.env,
) {
  if (env.NODE_ENV === 'production') {
    throw new Error('development tokens are refused with NODE_ENV=production');
  }
  if (env.LEXFIN_JWKS_URL) {
    throw new Error(
      'LEXFIN_JWKS_URL is set: tokens come from that identity provider, not the development secret',
    );
  }
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0)
    throw new Error(`unknown role ${unknown.join(', ')}; one of ${ROLES.join(', ')}`);
  if (roles.includes('client_portal') && !clientId) {
    throw new Error('a client_portal token needs --client <client id>');
  }
  return signDevToken({
    secret: developmentEnv(env).LEXFIN_JWT_SECRET,
    userId: sub,
    firmId,
    roles,
    clientId,
    expiresIn,
  });
}
