import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * Tenancy for the firm settings and the agenda, and the letters the ladder printed. The sweep
 * still finds work across firms, through `sweep_firms`: the firms that ever had a client on the
 * agenda (ids only, no RLS), kept by a trigger on the agenda; it then leases each firm's due
 * clients in that firm's transaction.
 */
export const agendaTenancyAndLetters: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table sweep_firms (firm_id uuid primary key)`.execute(db);
    await sql`insert into sweep_firms (firm_id) select distinct firm_id from collection_agenda`.execute(
      db,
    );
    await sql`create function collections_note_sweep_firm() returns trigger
      language plpgsql as $$
      begin
        insert into sweep_firms (firm_id) select distinct firm_id from added
          on conflict (firm_id) do nothing;
        return null;
      end $$`.execute(db);
    await sql`create trigger collection_agenda_sweep_firm after insert on collection_agenda
      referencing new table as added
      for each statement execute function collections_note_sweep_firm()`.execute(db);
    // The sweep leases a firm's due clients by time.
    await sql`drop index collection_agenda_due`.execute(db);
    await sql`create index collection_agenda_due on collection_agenda (firm_id, due_at)`.execute(
      db,
    );
    await enableTenantIsolation(db, 'firms');
    await enableTenantIsolation(db, 'collection_agenda');

    // A letter as printed, byte for byte (PDFs carry their creation time, so a re-render would
    // differ): what the firm shows when asked what was sent. Delivery is the posting day plus
    // the policy's mail days; the fee-arbitration wait counts from it.
    await sql`create table letters (
      firm_id uuid not null,
      contact_id uuid not null references contact_log (id),
      client_id uuid not null,
      stage_kind text not null,
      pdf bytea not null,
      sha256 char(64) not null,
      posted_on date not null,
      delivered_on date not null check (delivered_on >= posted_on),
      created_at timestamptz not null,
      primary key (firm_id, contact_id)
    )`.execute(db);
    await sql`create index letters_by_client on letters (firm_id, client_id)`.execute(db);
    await enableTenantIsolation(db, 'letters');
  },
};
