/** Connection defaults of the test harness; each can be overridden by the environment. */
export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
export const testJwtSecret = 'lexfin-test-secret-that-is-at-least-32-characters';

export function adminUrl(): string {
  return process.env.DATABASE_ADMIN_URL ?? defaultAdminUrl;
}

export function appRole(): string {
  return process.env.DATABASE_APP_ROLE ?? 'lexfin_app';
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
