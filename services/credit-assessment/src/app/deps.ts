import type { Kysely, Transaction } from 'kysely';
import type { CreditDatabase } from '../db/schema';

export interface CreditDeps {
  db: Kysely<CreditDatabase>;
  clock: () => Date;
}

export type CreditTx = Transaction<CreditDatabase>;
