import type { Migration } from '@lexfin/persistence';
import { billingSchema } from './0100_billing_schema';
import { firmSettings } from './0101-firm-settings';
import { matterOwnersPracticeAreas } from './0102-matter-owners-practice-areas';
import { clientContactConsent } from './0103-client-contact-consent';

/** Billing's migrations by name; names sort in the order they run. */
export const billingMigrations: Record<string, Migration> = {
  '0100_billing_schema': billingSchema,
  '0101-firm-settings': firmSettings,
  '0102-matter-owners-practice-areas': matterOwnersPracticeAreas,
  '0103-client-contact-consent': clientContactConsent,
};
