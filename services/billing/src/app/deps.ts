import type { Kysely, Transaction } from 'kysely';
import type { BillingDatabase } from '../db/tables';

export type BillingDb = Kysely<BillingDatabase>;
export type BillingTx = Transaction<BillingDatabase>;

/** What billing's commands and queries work with. */
export interface BillingDeps {
  db: BillingDb;
  /** Now; tests move it to run the daily job on chosen dates. */
  clock: () => Date;
}

/** The commands' dependencies plus what the service's edges are configured with. */
export interface BillingServiceDeps extends BillingDeps {
  /** How to pay, printed at the foot of every invoice document. */
  remittanceDetails: string;
  /** When the daily sweep looks for firms due (a cron pattern in UTC); each runs at 00:15 its time. */
  dailyJobPattern: string;
}
