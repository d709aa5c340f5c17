import type { Kysely } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import type { TrustDatabase } from '../db/schema';

/** What the service builds once at start for every command, query, consumer and job. */
export interface TrustDependencies {
  db: Kysely<TrustDatabase>;
}

/** The trust books a caller works on: the service database and who is asking. */
export interface TrustScope {
  db: Kysely<TrustDatabase>;
  caller: Caller;
}
