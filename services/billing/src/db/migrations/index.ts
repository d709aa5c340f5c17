import type { Migration } from '@lexfin/persistence';
import { billingSchema } from './0100_billing_schema';
import { firmSettings } from './0101-firm-settings';
import { matterOwnersPracticeAreas } from './0102-matter-owners-practice-areas';
import { clientContactConsent } from './0103-client-contact-consent';
import { creditHoldsBySource } from './0104-credit-holds-by-source';
import { clientCreditBreaches } from './0105-client-credit-breaches';

/** Billing's migrations by name; names sort in the order they run. */
export const billingMigrations: Record<string, Migration> = {
  '0100_billing_schema': billingSchema,
  '0101_firm_settings': firmSettings,
  '0102_matter_owners_practice_areas': matterOwnersPracticeAreas,
  '0103_client_contact_consent': clientContactConsent,
  '0104_credit_holds_by_source': creditHoldsBySource,
  '0105_client_credit_breaches': clientCreditBreaches,
};
