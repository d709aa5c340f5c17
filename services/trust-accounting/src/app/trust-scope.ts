import type { Kysely } from 'kysely';
import type { SealedBox } from '@lexfin/platform';
import type { Caller } from '@lexfin/service-kit';
import type { TrustDatabase } from '../db/schema';

/** What the service builds once at start for every command, query, consumer and job. */
export interface TrustDependencies {
  db: Kysely<TrustDatabase>;
  /** Seals the trust bank accounts' full numbers at rest (TRUST_ACCOUNT_NUMBER_KEY). */
  accountNumbers: SealedBox;
  /** Now: when entries are recorded and reconciliations signed off; tests pass one they move. */
  clock: () => Date;
}

/** The trust books a caller works on: the service's dependencies and who is asking. */
export interface TrustScope extends TrustDependencies {
  caller: Caller;
}
