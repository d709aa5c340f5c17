import type { Kysely } from 'kysely';
import type { RequestScope } from '@lexfin/service-kit';
import type { WebhooksDatabase } from '../db/schema';
import type { SealedBox } from '@lexfin/platform';
import type { DeliveryScheduler } from '../jobs/delivery-queue';
import type { DestinationVetter } from '../outbound/destinations';

/** What the service's commands and queries need besides their caller: built once at start. */
export interface WebhooksDependencies {
  db: Kysely<WebhooksDatabase>;
  secrets: SealedBox;
  destinations: DestinationVetter;
  deliveries: DeliveryScheduler;
  clock: () => Date;
}

/** A caller's request, with what the service answers it with. */
export type WebhooksRequest = RequestScope<WebhooksDependencies>;
