import type { Kysely } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import type { CollectionsDatabase } from '../db/schema';

/** What the service's commands and queries need: its database and the injectable clock. */
export interface CollectionsDependencies {
  db: Kysely<CollectionsDatabase>;
  clock: () => Date;
}

export interface CollectionsScope extends CollectionsDependencies {
  caller: Caller;
}
