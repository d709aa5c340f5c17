import { planProgress, type DisputeFacts } from './arrangements';
import { addDays, localDate } from './calendar';
import { channelFor, type CaseFacts } from './collection-state';
import { nextAllowedContact } from './contact-limits';
import type { CollectionPolicy, MessageChannel } from './policy';

/**
 * Reminders around arrangements: the client before each unpaid instalment of its plan, a
 * dispute's owner before the deadline. Each goes once; whether it is due is derived from the
 * facts and the date.
 */

export interface InstalmentReminder {
  planId: string;
  /** The instalment's position in its plan. */
  seq: number;
  dueOn: string;
  /** What of the instalment is not paid yet. */
  unpaidMinor: bigint;
  invoiceIds: string[];
  channel: MessageChannel;
  /** The first moment the contact limits allow it. */
  at: Date;
}

/** The plan's unpaid instalments whose reminder day has come and that were not reminded. */
function remindable(facts: CaseFacts, reminderDays: number, today: string) {
  return facts.plans.flatMap((plan) => {
    const progress = planProgress(plan, facts.payments, today);
    if (progress.outcome !== 'ACTIVE') return [];
    return progress.instalments.flatMap((instalment, seq) =>
      instalment.paidMinor < instalment.amountMinor &&
      !plan.remindedSeqs.includes(seq) &&
      addDays(instalment.dueOn, -reminderDays) <= today &&
      today < instalment.dueOn
        ? [
            {
              planId: plan.planId,
              seq,
              dueOn: instalment.dueOn,
              unpaidMinor: instalment.amountMinor - instalment.paidMinor,
              invoiceIds: plan.invoiceIds,
            },
          ]
        : [],
    );
  });
}

/**
 * The instalment reminder to send next and when: the earliest-due unpaid instalment of an active
 * plan whose reminder day (policy.arrangements.instalmentReminderDays before it) has come, at the
 * first moment the contact limits allow a message (one a day, the sending window, the 7 in 7).
 * Like a pre-due reminder, one that cannot go before its due date is dropped. None while the
 * client is not to be contacted: do-not-contact, with an agency, or paused as a whole.
 */
export function nextInstalmentReminder(
  facts: CaseFacts,
  policy: CollectionPolicy,
  now: Date,
): InstalmentReminder | null {
  const zone = facts.client.timeZone;
  const today = localDate(zone, now);
  const paused = facts.pauses.some(
    (pause) => pause.level === 'CLIENT' && (pause.until === null || pause.until >= today),
  );
  if (facts.withAgency || paused) return null;
  const channel = channelFor(facts, 'EMAIL');
  if (channel === null) return null;
  const due = remindable(facts, policy.arrangements.instalmentReminderDays, today).sort((a, b) =>
    a.dueOn.localeCompare(b.dueOn),
  );
  // The limits are worked out only for a reminder to send (most clients have none).
  if (due.length === 0) return null;
  const at = nextAllowedContact(facts.contacts, policy.limits, zone, now);
  const inTime = due.find((reminder) => localDate(zone, at) < reminder.dueOn);
  return inTime === undefined ? null : { ...inTime, channel, at };
}

/** Open disputes whose owner is to be reminded today: the deadline is this close, once. */
export function ownerRemindersDue(
  disputes: readonly DisputeFacts[],
  reminderDays: number,
  today: string,
): DisputeFacts[] {
  return disputes.filter(
    (dispute) => !dispute.ownerReminded && addDays(dispute.deadline, -reminderDays) <= today,
  );
}
