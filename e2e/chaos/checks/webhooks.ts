import { sql } from 'kysely';
import type { BackendName } from '../support/platform';
import { subscribedEventTypes } from '../workload';
import { defineCheck } from './check';
import { rows } from './sql';

const publishers: BackendName[] = [
  'billing',
  'trust-accounting',
  'credit-assessment',
  'collections',
];

/**
 * Every event a firm of this run subscribed to, published after its endpoint was created, reached
 * the firm's receiver with a valid signature at least once; the receiver took nothing of another
 * firm. An earlier run on the same platform had its own firms and receiver.
 */
export const webhooksDelivered = defineCheck(
  "every subscribed event reached its firm's receiver",
  async ({ platform, firms, receiver }, fail) => {
    const endpoints = new Map(
      (
        await rows<{ firm_id: string; created_at: Date }>(
          platform,
          'webhooks',
          sql`select firm_id::text, min(created_at) as created_at from webhook_endpoints group by firm_id`,
        )
      ).map((row) => [row.firm_id, row.created_at]),
    );
    let examined = 0;
    for (const publisher of publishers) {
      const events = await rows<{
        event_id: string;
        event_type: string;
        firm_id: string;
        created_at: Date;
      }>(
        platform,
        publisher,
        sql`select event_id::text, event_type, firm_id::text, created_at from outbox
           where event_type = any(${subscribedEventTypes}::text[])
             and firm_id = any(${firms.map((firm) => firm.id)}::uuid[]) order by id`,
      );
      for (const event of events) {
        const since = endpoints.get(event.firm_id);
        if (!since || event.created_at < since) continue;
        examined++;
        if (!receiver.receipts(event.firm_id).has(event.event_id)) {
          fail(
            `${event.event_type} ${event.event_id} of firm ${event.firm_id} never reached its receiver`,
          );
        }
      }
    }
    for (const firm of firms) {
      for (const receipt of receiver.receipts(firm.id).values()) {
        examined++;
        if (receipt.firmId !== firm.id)
          fail(`firm ${firm.id}'s receiver got ${receipt.eventId} of firm ${receipt.firmId}`);
      }
    }
    if (receiver.counts.badSignature > 0)
      fail(`${receiver.counts.badSignature} deliveries had no valid signature`);
    return examined;
  },
);
