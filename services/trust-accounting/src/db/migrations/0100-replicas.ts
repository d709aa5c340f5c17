import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/** Billing's clients, matters and invoice open amounts, as its events report them. */
export const replicas: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table clients (
      firm_id uuid not null,
      client_id uuid not null,
      display_name text not null,
      currency text not null,
      primary key (firm_id, client_id)
    )`.execute(db);
    await sql`create table matters (
      firm_id uuid not null,
      matter_id uuid not null,
      client_id uuid not null,
      matter_number text not null,
      description text not null,
      currency text not null,
      evergreen_minimum_minor bigint,
      closed_on date,
      primary key (firm_id, matter_id)
    )`.execute(db);
    // Billing's invoices with their open amount (0103 adds the transfers billing has not applied).
    await sql`create table invoices (
      firm_id uuid not null,
      invoice_id uuid not null,
      client_id uuid not null,
      matter_id uuid not null,
      currency text not null,
      open_minor bigint not null check (open_minor >= 0),
      primary key (firm_id, invoice_id)
    )`.execute(db);
    for (const table of ['clients', 'matters', 'invoices']) await enableTenantIsolation(db, table);
  },
};
