import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { poisonMarker } from '../faults/inject';
import { backendNames } from '../support/platform';
import { defineCheck } from './check';
import { rows } from './sql';

/**
 * Nothing is stuck: no outbox row unsent, no dead-letter message but the injected poison, no
 * BullMQ job failed for good.
 */
export const nothingStuck = defineCheck(
  'nothing stuck: outbox sent, dead letters only poison, no failed job',
  async ({ platform, deadLetters }, fail) => {
    let examined = 0;
    for (const service of backendNames) {
      const [outbox] = await rows<{ total: string; unsent: string; first: string | null }>(
        platform,
        service,
        sql`select count(*)::text as total, count(*) filter (where published_at is null)::text as unsent,
                 min(event_id::text) filter (where published_at is null) as first from outbox`,
      );
      examined += Number(outbox!.total);
      if (outbox!.unsent !== '0')
        fail(`${service}: ${outbox!.unsent} outbox rows unsent, e.g. event ${outbox!.first}`);
    }
    for (const message of deadLetters) {
      examined++;
      if (!(message.value?.toString('utf8') ?? '').includes(poisonMarker)) {
        fail(
          `dead letter on ${message.topic} (key ${message.key}) is not injected poison: ${message.value?.toString('utf8').slice(0, 200)}`,
        );
      }
    }
    const redis = new Redis(platform.redis.url, { maxRetriesPerRequest: 3 });
    try {
      for (const key of await redis.keys('*:failed')) {
        const failed = await redis.zcard(key);
        examined += failed;
        if (failed > 0)
          fail(
            `${failed} BullMQ jobs failed for good in ${key}, e.g. ${(await redis.zrange(key, 0, 0))[0]}`,
          );
      }
      examined += (await redis.keys('*:completed')).length;
    } finally {
      redis.disconnect();
    }
    return examined;
  },
);
