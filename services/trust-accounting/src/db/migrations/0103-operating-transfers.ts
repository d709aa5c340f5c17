import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * What may be transferred against an invoice is billing's last reported open amount less the
 * transfers recorded here that billing has not applied yet (they reach billing as events and
 * come back as TRUST payments). Each transfer is kept until billing's payment for it is seen.
 */
export const operatingTransfers: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table invoices rename column open_minor to billing_open_minor`.execute(db);
    await sql`alter table invoices add column unapplied_transfers_minor bigint not null default 0
      check (unapplied_transfers_minor >= 0)`.execute(db);
    await sql`create table operating_transfers (
      firm_id uuid not null,
      transfer_id uuid primary key references journal_entries (id),
      invoice_id uuid not null,
      client_id uuid not null,
      amount_minor bigint not null check (amount_minor > 0),
      transferred_on date not null,
      recorded_at timestamptz not null default clock_timestamp(),
      billing_payment_id uuid
    )`.execute(db);
    await sql`create index operating_transfers_unapplied on operating_transfers
      (client_id, amount_minor, transferred_on) where billing_payment_id is null`.execute(db);
    await enableTenantIsolation(db, 'operating_transfers');
  },
};
