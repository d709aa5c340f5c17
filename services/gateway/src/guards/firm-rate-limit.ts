import type { Redis } from 'ioredis';

export interface RateLimitPolicy {
  /** Requests one firm may make per window, across every gateway instance. */
  requestsPerWindow: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// One round trip: count the request in the firm's current window and read the window's age.
const countRequest = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('TTL', KEYS[1]) }
`;

/** Per-firm fixed-window rate limit in Redis, shared by every gateway instance. */
export function createFirmRateLimiter(
  redis: Redis,
  policy: RateLimitPolicy,
  keyPrefix = 'lexfin:gateway:rate',
) {
  return {
    async admit(firmId: string): Promise<RateLimitDecision> {
      const window = Math.floor(Date.now() / 1000 / policy.windowSeconds);
      const key = `${keyPrefix}:${firmId}:${window}`;
      const [count, ttl] = (await redis.eval(
        countRequest,
        1,
        key,
        String(policy.windowSeconds),
      )) as [number, number];
      if (count <= policy.requestsPerWindow) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, ttl) };
    },
  };
}

export type FirmRateLimiter = ReturnType<typeof createFirmRateLimiter>;
