import type { Kysely } from 'kysely';
import type { Identity } from '@lexfin/platform';
import type { SecretBox } from '../domain/signing-secrets';
import type { DestinationVetter } from '../outbound/destinations';
import type { DeliveryScheduler } from '../jobs/delivery-queue';
import type { WebhooksDatabase } from '../db/schema';

/** What the service's commands need besides the caller: built once at start. */
export interface WebhooksDependencies {
  db: Kysely<WebhooksDatabase>;
  secrets: SecretBox;
  destinations: DestinationVetter;
  deliveries: DeliveryScheduler;
  clock: () => Date;
}

/** Who runs a command or query, and the correlation its events carry. */
export interface CommandContext extends WebhooksDependencies {
  identity: Identity;
  correlationId: string;
}
