import { Money } from '@lexfin/money';
import { addDays, localDate } from '../../domain/calendar';
import type { CollectionState, NextStep } from '../../domain/collection-state';
import type { InstalmentReminder } from '../../domain/reminders';
import { STAGE_LABELS, type StageKind } from '../../domain/policy';
import type {
  CollectionMessage,
  MessageTemplateKey,
  OpenItemLine,
  PostalAddress,
} from '../../delivery';
import type { LoadedCase } from './case-facts';

/**
 * The invoices a message lists at their current open amount (partial payments and credit notes
 * counted, a disputed part left out) and stage.
 */
function listedItems(
  loaded: LoadedCase,
  state: CollectionState,
  invoiceIds: readonly string[],
  stageOf: (invoiceId: string, reached: StageKind | null) => StageKind | null,
): OpenItemLine[] {
  return invoiceIds.flatMap((invoiceId) => {
    const item = state.items.find((candidate) => candidate.invoiceId === invoiceId);
    const details = loaded.invoices.get(invoiceId);
    // A disputed part is not dunned: the message states the undisputed remainder only.
    const undisputed = item === undefined ? 0n : item.openMinor - item.disputedMinor;
    if (item === undefined || details === undefined || undisputed <= 0n) return [];
    const stage = stageOf(invoiceId, item.stage);
    return [
      {
        invoiceNumber: details.invoiceNumber,
        matterName: details.matterName,
        dueDate: details.dueDate,
        daysPastDue: item.daysPastDue,
        openAmount: Money.of(undisputed, item.currency),
        stageLabel: stage === null ? 'Open' : STAGE_LABELS[stage],
      },
    ];
  });
}

/** A message to the client in its language: the items, totals per currency, a pay-by date. */
function messageTo(
  loaded: LoadedCase,
  content: Pick<CollectionMessage, 'messageId' | 'templateKey' | 'items' | 'payBy' | 'optOutUrl'>,
): CollectionMessage {
  const { items } = content;
  const currencies = [...new Set(items.map((item) => item.openAmount.currency))].sort();
  return {
    ...content,
    language: loaded.client.language ?? 'en',
    firm: loaded.policy.sender,
    client: {
      displayName: loaded.client.display_name,
      email: loaded.client.billing_email,
      phone: loaded.client.phone,
      postalAddress: loaded.client.postal_address as PostalAddress | null,
    },
    totals: currencies.map((currency) =>
      Money.sum(
        items
          .filter((item) => item.openAmount.currency === currency)
          .map((item) => item.openAmount),
        currency,
      ),
    ),
  };
}

/** The message a ladder step sends: every item it lists, pay-by the policy's days ahead. */
export function composeMessage(
  loaded: LoadedCase,
  state: CollectionState,
  step: NextStep,
  messageId: string,
  optOutUrl: string | null,
): CollectionMessage {
  const zone = loaded.facts.client.timeZone;
  return messageTo(loaded, {
    messageId,
    templateKey: step.stage.templateKey as MessageTemplateKey,
    items: listedItems(loaded, state, step.listedInvoiceIds, (invoiceId, reached) =>
      step.invoiceIds.includes(invoiceId) ? step.stage.kind : reached,
    ),
    payBy: addDays(localDate(zone, step.at), loaded.policy.payWithinDays),
    optOutUrl,
  });
}

/**
 * A payment plan's instalment reminder: the instalment due by its date, the plan's invoices at
 * what is open on them; null when none is left to list (nothing to remind of).
 */
export function composeInstalmentReminder(
  loaded: LoadedCase,
  state: CollectionState,
  reminder: InstalmentReminder,
  messageId: string,
  optOutUrl: string | null,
): CollectionMessage | null {
  const items = listedItems(loaded, state, reminder.invoiceIds, (_id, reached) => reached);
  if (items.length === 0) return null;
  return {
    ...messageTo(loaded, {
      messageId,
      templateKey: 'instalment_reminder',
      items,
      payBy: reminder.dueOn,
      optOutUrl,
    }),
    // A plan is in one currency: its invoices'.
    instalmentAmount: Money.of(reminder.unpaidMinor, items[0]!.openAmount.currency),
  };
}
