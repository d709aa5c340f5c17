import type { Kysely } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import type { CollectionDelivery } from '../delivery';
import type { CollectionsDatabase } from '../db/schema';

/** What the service's commands and queries need: its database, the clock and message delivery. */
export interface CollectionsDependencies {
  db: Kysely<CollectionsDatabase>;
  clock: () => Date;
  delivery: CollectionDelivery;
  /** The link in a message's opt-out line, with the contact id appended; null for none. */
  optOutBaseUrl: string | null;
}

export interface CollectionsScope extends CollectionsDependencies {
  caller: Caller;
}
