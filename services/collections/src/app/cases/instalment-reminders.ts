import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { emit, eventOf, type Caller } from '@lexfin/service-kit';
import { addDays, localDate } from '../../domain/calendar';
import type { CollectionState } from '../../domain/collection-state';
import type { InstalmentReminder } from '../../domain/reminders';
import type { CollectionMessage, DeliveryOutcome } from '../../delivery';
import type { CollectionsDatabase } from '../../db/schema';
import type { LoadedCase } from './case-facts';
import { claimContact, recordClaimOutcome } from './claim-recovery';
import { composeInstalmentReminder } from './compose-message';
import { storeLetter } from './letters';

type Tx = Transaction<CollectionsDatabase>;

/** An instalment reminder claimed in the database, to send after the claim commits. */
export interface ClaimedReminder {
  caseId: string | null;
  contactId: string;
  claimedAt: Date;
  reminder: InstalmentReminder;
  message: CollectionMessage;
  matterIds: string[];
  timeZone: string;
  letterMailDays: number;
}

/**
 * Claims a due instalment reminder: its contact is logged as CLAIMED (it counts against the
 * limits from now) and the instalment records the contact, so it is reminded once; null when
 * there is nothing left on the plan's invoices to list. A retry after a lapsed claim takes over
 * that contact's row and id, so if the lost worker's message did leave, the retry carries the
 * same Message-ID (SMS: idempotency key), as a ladder step's retry does.
 */
export async function claimInstalmentReminder(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  state: CollectionState,
  caseId: string | null,
  reminder: InstalmentReminder,
  now: Date,
  optOutBaseUrl: string | null,
): Promise<ClaimedReminder | null> {
  const instalment = await tx
    .selectFrom('plan_instalments')
    .select('reminder_contact_id')
    .where('plan_id', '=', reminder.planId)
    .where('seq', '=', reminder.seq)
    .executeTakeFirstOrThrow();
  const contactId = instalment.reminder_contact_id ?? randomUUID();
  const message = composeInstalmentReminder(
    loaded,
    state,
    reminder,
    contactId,
    optOutBaseUrl === null ? null : `${optOutBaseUrl}${contactId}`,
  );
  if (message === null) return null;
  const matterIds = [
    ...new Set(reminder.invoiceIds.flatMap((id) => loaded.invoices.get(id)?.matterId ?? [])),
  ];
  await claimContact(tx, caller, contactId, {
    caseId,
    clientId: loaded.facts.client.clientId,
    segment: loaded.facts.client.segment,
    at: now,
    channel: reminder.channel,
    stageKind: null,
    templateKey: 'instalment_reminder',
    matterIds,
    invoiceIds: reminder.invoiceIds,
  });
  await tx
    .updateTable('plan_instalments')
    .set({ reminded_at: now, reminder_contact_id: contactId })
    .where('plan_id', '=', reminder.planId)
    .where('seq', '=', reminder.seq)
    .execute();
  return {
    caseId,
    contactId,
    claimedAt: now,
    reminder,
    message,
    matterIds,
    timeZone: loaded.facts.client.timeZone,
    letterMailDays: loaded.policy.letterMailDays,
  };
}

/**
 * What came of a claimed reminder. SENT or BOUNCED is an attempt (contact.made); a reminder
 * that did not reach the client is given back, to go again by another channel or later, as a
 * new contact. False when the claim had lapsed and was given back meanwhile.
 */
export async function recordReminderOutcome(
  tx: Tx,
  caller: Caller,
  clientId: string,
  claimed: ClaimedReminder,
  outcome: DeliveryOutcome,
  now: Date,
): Promise<boolean> {
  if (!(await recordClaimOutcome(tx, claimed.contactId, claimed.claimedAt, outcome))) {
    return false;
  }
  if (outcome.status !== 'SENT') {
    await tx
      .updateTable('plan_instalments')
      .set({ reminded_at: null, reminder_contact_id: null })
      .where('reminder_contact_id', '=', claimed.contactId)
      .execute();
  }
  if (outcome.status === 'SENT' && outcome.letterPdf !== undefined) {
    const postedOn = localDate(claimed.timeZone, now);
    await storeLetter(tx, caller.firmId, {
      contactId: claimed.contactId,
      clientId,
      stageKind: 'INSTALMENT_REMINDER',
      pdf: outcome.letterPdf,
      postedOn,
      deliveredOn: addDays(postedOn, claimed.letterMailDays),
      at: now,
    });
  }
  if (outcome.status !== 'FAILED') {
    await emit(tx, [
      eventOf(caller, collectionsEvents.contactMade, claimed.contactId, {
        contactId: claimed.contactId,
        caseId: claimed.caseId,
        clientId,
        channel: claimed.reminder.channel,
        outcome: outcome.status,
        stage: null,
        matterIds: claimed.matterIds,
        invoiceIds: claimed.reminder.invoiceIds,
        at: now.toISOString(),
        recordedBy: 'ladder',
      }),
    ]);
  }
  return true;
}
