import { sql, type Transaction } from 'kysely';
import type { DeliveryOutcome } from '../../delivery';
import type { CollectionsDatabase } from '../../db/schema';

type Tx = Transaction<CollectionsDatabase>;

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
