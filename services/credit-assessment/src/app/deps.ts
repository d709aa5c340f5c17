import type { Kysely, Transaction } from 'kysely';
import type { CreditDatabase } from '../db/schema';

export interface CreditDeps {
  db: Kysely<CreditDatabase>;
  clock: () => Date;
  /** The nightly re-assessment sweep's cron pattern (UTC). */
  nightlyJobPattern: string;
}

export type CreditTx = Transaction<CreditDatabase>;
