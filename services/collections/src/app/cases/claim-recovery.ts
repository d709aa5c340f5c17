import { sql, type Transaction } from 'kysely';
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
  const row = {
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
  await tx
    .insertInto('contact_log')
    .values({ id: contactId, firm_id: caller.firmId, client_id: claim.clientId, ...row })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(row))
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
  const lapseBefore = new Date(now.getTime() - CLAIM_LEASE_MS);
  // One read for the usual case of nothing lapsed: the claims that just lapsed, and those given
  // back earlier and not yet retried (a claim that lapsed after 21:00 is retried next morning).
  const rows = await tx
    .selectFrom('contact_log')
    .select(['id', 'stage_kind', 'channel', 'outcome'])
    .where('client_id', '=', clientId)
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
      .where('client_id', '=', clientId)
      .where('contact_id', 'in', newlyLapsed)
      .execute();
    // The instalment keeps the lapsed contact: its retry goes under the same id.
    await tx
      .updateTable('plan_instalments')
      .set({ reminded_at: null })
      .where('reminder_contact_id', 'in', newlyLapsed)
      .execute();
  }
  return {
    released: newlyLapsed.length > 0,
    lapsed: rows.map((row) => ({
      contactId: row.id,
      stageKind: row.stage_kind,
      channel: row.channel,
    })),
  };
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
  const recorded = await tx
    .updateTable('contact_log')
    .set({
      outcome: outcome.status,
      provider_message_id: outcome.providerMessageId,
      detail: outcome.detail,
    })
    .where('id', '=', contactId)
    .where('outcome', '=', 'CLAIMED')
    .where('at', '=', claimedAt)
    .executeTakeFirst();
  return recorded.numUpdatedRows > 0n;
}

/** When the client's oldest claim still in flight lapses, or null when none is. */
export async function pendingClaimLapsesAt(tx: Tx, clientId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom('contact_log')
    .select(sql<Date | null>`min(at)`.as('at'))
    .where('client_id', '=', clientId)
    .where('outcome', '=', 'CLAIMED')
    .executeTakeFirst();
  return row === undefined || row.at === null
    ? null
    : new Date(new Date(row.at).getTime() + CLAIM_LEASE_MS);
}
