import { sql, type Insertable, type Transaction } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import type { Segment } from '../../domain/policy';
import type { DeliveryOutcome } from '../../delivery';
import type { CollectionsDatabase, ContactLogTable } from '../../db/schema';

type Tx = Transaction<CollectionsDatabase>;

/** A message the ladder is about to send: a ladder stage's (stageKind) or a reminder's. */
export interface ContactClaim {
  caseId: string | null;
  clientId: string;
  segment: Segment;
  at: Date;
  channel: ContactLogTable['channel'];
  stageKind: string | null;
  templateKey: string | null;
  matterIds: string[];
  invoiceIds: string[];
}

/** A claim's contact_log row, outcome CLAIMED. */
export function claimedContactRow(
  caller: Caller,
  contactId: string,
  claim: ContactClaim,
): Insertable<ContactLogTable> {
  return {
    id: contactId,
    firm_id: caller.firmId,
    client_id: claim.clientId,
    case_id: claim.caseId,
    at: claim.at,
    channel: claim.channel,
    outcome: 'CLAIMED',
    stage_kind: claim.stageKind,
    template_key: claim.templateKey,
    matter_ids: claim.matterIds,
    invoice_ids: claim.invoiceIds,
    recorded_by: 'ladder',
    note: null,
    provider_message_id: null,
    detail: null,
    segment: claim.segment,
  };
}

/**
 * Claims a message in the contact log before it goes, so that it counts for the limits at once;
 * a retry of a lapsed claim takes over that claim's row, and so its id (the Message-ID).
 */
export async function claimContact(
  tx: Tx,
  caller: Caller,
  contactId: string,
  claim: ContactClaim,
): Promise<void> {
  await claimContacts(tx, [claimedContactRow(caller, contactId, claim)]);
}

/** claimContact for many claims' rows, in one statement. */
export async function claimContacts(
  tx: Tx,
  rows: readonly Insertable<ContactLogTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('contact_log')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet((eb) => ({
        case_id: eb.ref('excluded.case_id'),
        at: eb.ref('excluded.at'),
        channel: eb.ref('excluded.channel'),
        outcome: eb.ref('excluded.outcome'),
        stage_kind: eb.ref('excluded.stage_kind'),
        template_key: eb.ref('excluded.template_key'),
        matter_ids: eb.ref('excluded.matter_ids'),
        invoice_ids: eb.ref('excluded.invoice_ids'),
        recorded_by: eb.ref('excluded.recorded_by'),
        note: eb.ref('excluded.note'),
        provider_message_id: eb.ref('excluded.provider_message_id'),
        detail: eb.ref('excluded.detail'),
        segment: eb.ref('excluded.segment'),
      })),
    )
    .execute();
}

/**
 * How long a claimed message may wait for its outcome before the claim is taken as lost (the
 * worker died between claiming and recording). Far above the SMTP timeouts of one send.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

const LAPSED = 'claim lapsed before an outcome was recorded';

export interface LapsedClaim {
  contactId: string;
  stageKind: string | null;
  channel: string;
}

/**
 * Gives back the client's claims whose lease ran out without an outcome: the contact is marked
 * FAILED (no attempt, so the limits do not count it) and its stages (or instalment reminder)
 * are released, so the state re-derived next decides again with today's amounts and limits. The
 * caller holds the client's lock. A retry of the same stage reuses the lapsed contact's id, so if the lost worker's message
 * did leave, the retry carries the same Message-ID (and SMS idempotency key) and is recognised as
 * that message.
 */
export async function releaseLapsedClaims(
  tx: Tx,
  clientId: string,
  now: Date,
): Promise<{ released: boolean; lapsed: LapsedClaim[] }> {
  return (await releaseLapsedClaimsOf(tx, [clientId], now)).get(clientId)!;
}

/** releaseLapsedClaims for many clients at once; every client is in the map. */
export async function releaseLapsedClaimsOf(
  tx: Tx,
  clientIds: readonly string[],
  now: Date,
): Promise<Map<string, { released: boolean; lapsed: LapsedClaim[] }>> {
  const lapseBefore = new Date(now.getTime() - CLAIM_LEASE_MS);
  // One read for the usual case of nothing lapsed: the claims that just lapsed, and those given
  // back earlier and not yet retried (a claim that lapsed after 21:00 is retried next morning).
  const rows =
    clientIds.length === 0
      ? []
      : await tx
          .selectFrom('contact_log')
          .select(['client_id', 'id', 'stage_kind', 'channel', 'outcome'])
          .where('client_id', 'in', clientIds)
          .where((eb) =>
            eb.or([
              eb.and([eb('outcome', '=', 'CLAIMED'), eb('at', '<=', lapseBefore)]),
              eb.and([eb('outcome', '=', 'FAILED'), eb('detail', '=', LAPSED)]),
            ]),
          )
          .execute();
  const newlyLapsed = rows.filter((row) => row.outcome === 'CLAIMED').map((row) => row.id);
  if (newlyLapsed.length > 0) {
    await tx
      .updateTable('contact_log')
      .set({ outcome: 'FAILED', detail: LAPSED })
      .where('id', 'in', newlyLapsed)
      .execute();
    await tx
      .deleteFrom('ladder_steps')
      .where('client_id', 'in', clientIds)
      .where('contact_id', 'in', newlyLapsed)
      .execute();
    // The instalment keeps the lapsed contact: its retry goes under the same id.
    await tx
      .updateTable('plan_instalments')
      .set({ reminded_at: null })
      .where('reminder_contact_id', 'in', newlyLapsed)
      .execute();
  }
  const claims = new Map<string, { released: boolean; lapsed: LapsedClaim[] }>();
  for (const clientId of clientIds) {
    const own = rows.filter((row) => row.client_id === clientId);
    claims.set(clientId, {
      released: own.some((row) => row.outcome === 'CLAIMED'),
      lapsed: own.map((row) => ({
        contactId: row.id,
        stageKind: row.stage_kind,
        channel: row.channel,
      })),
    });
  }
  return claims;
}

/**
 * Records what came of a claimed message on its contact; false when the claim had lapsed and
 * was given back (or retried) meanwhile, so there is nothing of it to record.
 */
export async function recordClaimOutcome(
  tx: Tx,
  contactId: string,
  claimedAt: Date,
  outcome: DeliveryOutcome,
): Promise<boolean> {
  return (await recordClaimOutcomes(tx, [{ contactId, claimedAt, outcome }])).has(contactId);
}

/**
 * Records what came of claimed messages on their contacts, in one statement; returns the ids
 * recorded. A claim that lapsed and was given back (or retried) meanwhile is left out: there is
 * nothing of it to record.
 */
export async function recordClaimOutcomes(
  tx: Tx,
  outcomes: readonly { contactId: string; claimedAt: Date; outcome: DeliveryOutcome }[],
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const column = <T>(value: (entry: (typeof outcomes)[number]) => T) => outcomes.map(value);
  const { rows } = await sql<{ id: string }>`
    update contact_log c
    set outcome = v.outcome, provider_message_id = v.provider_message_id, detail = v.detail
    from unnest(
      ${column((entry) => entry.contactId)}::uuid[],
      ${column((entry) => entry.claimedAt.toISOString())}::timestamptz[],
      ${column((entry) => entry.outcome.status)}::text[],
      ${column((entry) => entry.outcome.providerMessageId)}::text[],
      ${column((entry) => entry.outcome.detail)}::text[]
    ) as v(id, at, outcome, provider_message_id, detail)
    where c.id = v.id and c.outcome = 'CLAIMED' and c.at = v.at
    returning c.id`.execute(tx);
  return new Set(rows.map((row) => row.id));
}

/** When each client's oldest claim still in flight lapses; clients with none are left out. */
export async function pendingClaimsLapseAt(
  tx: Tx,
  clientIds: readonly string[],
): Promise<Map<string, Date>> {
  if (clientIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('contact_log')
    .select(['client_id', sql<Date>`min(at)`.as('at')])
    .where('client_id', 'in', clientIds)
    .where('outcome', '=', 'CLAIMED')
    .groupBy('client_id')
    .execute();
  return new Map(
    rows.map((row) => [row.client_id, new Date(new Date(row.at).getTime() + CLAIM_LEASE_MS)]),
  );
}
