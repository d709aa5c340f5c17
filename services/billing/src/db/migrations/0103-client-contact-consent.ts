import { sql, type Kysely } from 'kysely';
import type { Migration } from '@lexfin/persistence';

/**
 * How and whether a client may be contacted. Consent is off until the client gives it, for the
 * clients already here too; do-not-contact always has its reason.
 */
export const clientContactConsent: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table clients
      add column phone text check (phone ~ '^\\+[1-9][0-9]{1,14}$'),
      add column address_line1 text,
      add column address_line2 text,
      add column address_city text,
      add column address_region text,
      add column address_postal_code text,
      add column address_country char(2),
      add column preferred_contact_channel text
        check (preferred_contact_channel in ('EMAIL', 'SMS', 'POST')),
      add column consent_email boolean not null default false,
      add column consent_sms boolean not null default false,
      add column consent_post boolean not null default false,
      add column language text,
      add column do_not_contact boolean not null default false,
      add column do_not_contact_reason text,
      add constraint clients_address_whole check (
        (address_line1 is null) = (address_city is null)
        and (address_line1 is null) = (address_country is null)),
      add constraint clients_do_not_contact_reason check (
        do_not_contact = (do_not_contact_reason is not null))`.execute(db);
  },
};
