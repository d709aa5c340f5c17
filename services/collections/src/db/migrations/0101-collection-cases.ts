import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation, type Migration } from '@lexfin/persistence';

/**
 * Collection cases and the facts their state is derived from: policy versions, ladder steps
 * reached, the contact log, pauses, fee-arbitration notices, work items and notes. A case row
 * keeps only what the last derivation said (for lists and events); the state itself is always
 * re-derived from the facts.
 */
export const collectionCases: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table collection_policies (
      firm_id uuid not null,
      version int not null check (version >= 1),
      policy jsonb not null,
      published_by text not null,
      published_at timestamptz not null,
      primary key (firm_id, version)
    )`.execute(db);
    await sql`create table collection_cases (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      status text not null check (status in ('OPEN', 'PAUSED', 'CLOSED')),
      owner_user_id text,
      opened_at timestamptz not null,
      closed_at timestamptz,
      next_stage text,
      next_action_at timestamptz
    )`.execute(db);
    await sql`create unique index collection_cases_one_open on collection_cases (firm_id, client_id)
      where status <> 'CLOSED'`.execute(db);
    // When a client's collection must be looked at next: the sweep takes what is due across
    // firms, so the table is not isolated (ids and instants only), and each client's step then
    // runs in its firm's transaction.
    await sql`create table collection_agenda (
      firm_id uuid not null,
      client_id uuid not null,
      due_at timestamptz not null,
      primary key (firm_id, client_id)
    )`.execute(db);
    await sql`create index collection_agenda_due on collection_agenda (due_at)`.execute(db);
    await sql`create table contact_log (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid,
      at timestamptz not null,
      channel text not null check (channel in ('EMAIL', 'SMS', 'LETTER', 'CALL')),
      outcome text not null check (outcome in ('CLAIMED', 'SENT', 'BOUNCED', 'FAILED',
        'CONVERSATION', 'VOICEMAIL', 'NO_ANSWER', 'WRONG_NUMBER', 'LETTER_POSTED')),
      stage_kind text,
      template_key text,
      matter_ids uuid[] not null,
      invoice_ids uuid[] not null,
      recorded_by text not null,
      note text,
      provider_message_id text,
      detail text
    )`.execute(db);
    await sql`create index contact_log_by_client on contact_log (firm_id, client_id, at)`.execute(
      db,
    );
    // A stage reached by an invoice, once: the unique key is the claim two workers race for.
    await sql`create table ladder_steps (
      firm_id uuid not null,
      invoice_id uuid not null,
      stage_kind text not null,
      client_id uuid not null,
      -- null for a pre-due reminder, sent before any case opens
      case_id uuid,
      policy_version int not null,
      at timestamptz not null,
      contact_id uuid references contact_log (id),
      primary key (firm_id, invoice_id, stage_kind)
    )`.execute(db);
    await sql`create index ladder_steps_by_client on ladder_steps (firm_id, client_id)`.execute(db);
    await sql`create table collection_pauses (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      level text not null check (level in ('CLIENT', 'MATTER', 'INVOICE')),
      target_id uuid not null,
      reason text not null,
      paused_by text not null,
      until date,
      lifted_at timestamptz
    )`.execute(db);
    await sql`create index collection_pauses_by_client on collection_pauses (firm_id, client_id)`.execute(
      db,
    );
    await sql`create table fee_arbitration (
      firm_id uuid not null,
      matter_id uuid not null,
      client_id uuid not null,
      delivered_on date,
      delivered_by text,
      requested_on date,
      requested_by text,
      primary key (firm_id, matter_id)
    )`.execute(db);
    await sql`create table work_items (
      id uuid primary key,
      firm_id uuid not null,
      client_id uuid not null,
      case_id uuid not null,
      kind text not null check (kind in ('CALL_TASK', 'PARTNER_REVIEW', 'AGENCY_HANDOFF',
        'WRITE_OFF_RECOMMENDATION', 'CONTACT_BY_HAND')),
      stage_kind text not null,
      responsible_role text not null,
      due_on date not null,
      invoice_ids uuid[] not null,
      status text not null check (status in ('OPEN', 'DONE')),
      created_at timestamptz not null,
      done_at timestamptz
    )`.execute(db);
    await sql`create index work_items_open on work_items (firm_id, due_on) where status = 'OPEN'`.execute(
      db,
    );
    await sql`create table case_notes (
      id uuid primary key,
      firm_id uuid not null,
      case_id uuid not null,
      author text not null,
      body text not null check (length(body) <= 10000),
      at timestamptz not null
    )`.execute(db);
    for (const table of [
      'collection_policies',
      'collection_cases',
      'contact_log',
      'ladder_steps',
      'collection_pauses',
      'fee_arbitration',
      'work_items',
      'case_notes',
    ]) {
      await enableTenantIsolation(db, table);
    }
  },
};
