import { sql } from 'kysely';
import { rows } from '../checks/sql';
import type { BrokerProbe } from './broker-probe';
import { backendNames, type ChaosPlatform } from './platform';
import { sleep } from './ports';

/**
 * Waits, at most `withinMs`, until the platform has caught up: every process up, no outbox row
 * unsent, every consumer group at the end of its topics (lag zero), no webhook delivery pending.
 * Returns what is still outstanding when the time runs out (nothing when settled).
 */
export async function settle(
  platform: ChaosPlatform,
  probe: BrokerProbe,
  withinMs: number,
): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const outstanding: string[] = [];
    for (const [name, process] of Object.entries(platform.processes)) {
      if (!process.running) outstanding.push(`${name} is not running`);
    }
    for (const service of backendNames) {
      const [outbox] = await rows<{ unsent: string }>(
        platform,
        service,
        sql`select count(*)::text as unsent from outbox where published_at is null`,
      );
      if (outbox!.unsent !== '0')
        outstanding.push(`${service}: ${outbox!.unsent} outbox rows unsent`);
      for (const { group, topics } of platform.consumerGroups[service]) {
        const lag = await probe.lag(group, topics).catch((error: Error) => error.message);
        if (lag !== 0) outstanding.push(`${group}: lag ${lag}`);
      }
    }
    const [pending] = await rows<{ pending: string }>(
      platform,
      'webhooks',
      sql`select count(*)::text as pending from webhook_deliveries where status = 'PENDING'`,
    );
    if (pending!.pending !== '0')
      outstanding.push(`${pending!.pending} webhook deliveries pending`);
    if (outstanding.length === 0 || Date.now() > deadline) return outstanding;
    await sleep(1_000);
  }
}
