import { sql, type Generated, type Kysely } from 'kysely';

/** Events a consumer group has applied; its primary key makes a second application impossible. */
export interface InboxTable {
  consumer_group: string;
  event_id: string;
  event_type: string;
  firm_id: string;
  processed_at: Generated<Date>;
}

export interface InboxDatabase {
  inbox: InboxTable;
}

export async function createInboxTable(db: Kysely<unknown>): Promise<void> {
  await sql`create table inbox (
    consumer_group text not null,
    event_id uuid not null,
    event_type text not null,
    firm_id uuid not null,
    processed_at timestamptz not null default now(),
    primary key (consumer_group, event_id)
  )`.execute(db);
}
