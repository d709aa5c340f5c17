import type { Migration } from '@lexfin/persistence';
import { billingSchema } from './0100_billing_schema';
import { creditHoldsBySource } from './0102-credit-holds-by-source';

/** Billing's migrations by name; names sort in the order they run. */
export const billingMigrations: Record<string, Migration> = {
  '0100_billing_schema': billingSchema,
  '0102_credit_holds_by_source': creditHoldsBySource,
};
