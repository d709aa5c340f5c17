import { disputedByInvoice } from './arrangements';
import { addDays, daysBetween } from './calendar';
import {
  FEE_ARBITRATION_DAYS,
  feeArbitrationApplies,
  noticeDeliveredOn,
  type CaseFacts,
} from './collection-state';
import type { CollectionPolicy } from './policy';

/** Why a case may not go to an agency yet; each names the matter it is about. */
export type HandOffBlock =
  | { reason: 'NOTHING_PAST_DUE' }
  | { reason: 'ALREADY_WITH_AGENCY' }
  | { reason: 'NOTICE_NOT_DELIVERED'; matterId: string }
  | { reason: 'ARBITRATION_WAIT'; matterId: string; allowedFrom: string }
  | { reason: 'ARBITRATION_REQUESTED'; matterId: string; requestedOn: string };

/** What goes to the agency: each past-due invoice's open amount less what is under dispute. */
export interface HandedItem {
  invoiceId: string;
  matterId: string;
  amountMinor: bigint;
  currency: string;
}

export type HandOffDecision =
  { allowed: true; items: HandedItem[] } | { allowed: false; blocks: HandOffBlock[] };

/**
 * Whether a case may go to a collection agency today (the client's local date): something past
 * due and undisputed is open, and, where the fee-arbitration notice applies (B&P 6201), every
 * matter of it had the notice delivered at least 30 days ago (the hand-off from the 31st day) and
 * the client did not ask for arbitration.
 */
export function agencyHandOff(
  facts: CaseFacts,
  policy: CollectionPolicy,
  today: string,
): HandOffDecision {
  const disputed = disputedByInvoice(facts.disputes, facts.awaitedCredits, facts.creditNotes);
  const items = facts.items
    .filter((item) => item.openMinor > 0n && daysBetween(item.dueDate, today) >= 1)
    .map((item) => ({
      invoiceId: item.invoiceId,
      matterId: item.matterId,
      amountMinor: item.openMinor - (disputed.get(item.invoiceId) ?? 0n),
      currency: item.currency,
    }))
    .filter((item) => item.amountMinor > 0n);
  const blocks: HandOffBlock[] = [];
  if (facts.withAgency) blocks.push({ reason: 'ALREADY_WITH_AGENCY' });
  if (items.length === 0) blocks.push({ reason: 'NOTHING_PAST_DUE' });
  const matterIds = [...new Set(items.map((item) => item.matterId))].sort();
  for (const matterId of matterIds) {
    const requestedOn = facts.feeArbitration.find(
      (entry) => entry.matterId === matterId,
    )?.requestedOn;
    if (requestedOn !== undefined && requestedOn !== null) {
      blocks.push({ reason: 'ARBITRATION_REQUESTED', matterId, requestedOn });
      continue;
    }
    if (!feeArbitrationApplies(facts, policy)) continue;
    const deliveredOn = noticeDeliveredOn(facts, matterId);
    if (deliveredOn === null) {
      blocks.push({ reason: 'NOTICE_NOT_DELIVERED', matterId });
      continue;
    }
    const allowedFrom = addDays(deliveredOn, FEE_ARBITRATION_DAYS + 1);
    if (today < allowedFrom) blocks.push({ reason: 'ARBITRATION_WAIT', matterId, allowedFrom });
  }
  return blocks.length === 0 ? { allowed: true, items } : { allowed: false, blocks };
}
