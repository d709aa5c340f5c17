import { Money } from '@lexfin/money';
import { addDays, localDate } from '../../domain/calendar';
import type { CollectionState, NextStep } from '../../domain/collection-state';
import { STAGE_LABELS, type StageKind } from '../../domain/policy';
import type { CollectionMessage, MessageTemplateKey, PostalAddress } from '../../delivery';
import type { LoadedCase } from './case-facts';

/**
 * The message a step sends: every item it lists at its current open amount (partial payments
 * and credit notes counted, a disputed part left out) and stage, totals per currency, a pay-by date, the client's language.
 */
export function composeMessage(
  loaded: LoadedCase,
  state: CollectionState,
  step: NextStep,
  messageId: string,
  optOutUrl: string | null,
): CollectionMessage {
  const zone = loaded.facts.client.timeZone;
  const items = step.listedInvoiceIds.flatMap((invoiceId) => {
    const item = state.items.find((candidate) => candidate.invoiceId === invoiceId);
    const details = loaded.invoices.get(invoiceId);
    // A disputed part is not dunned: the message states the undisputed remainder only.
    const undisputed = item === undefined ? 0n : item.openMinor - item.disputedMinor;
    if (item === undefined || details === undefined || undisputed <= 0n) return [];
    const stage: StageKind | null = step.invoiceIds.includes(invoiceId)
      ? step.stage.kind
      : item.stage;
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
  const currencies = [...new Set(items.map((item) => item.openAmount.currency))].sort();
  return {
    messageId,
    templateKey: step.stage.templateKey as MessageTemplateKey,
    language: loaded.client.language ?? 'en',
    firm: loaded.policy.sender,
    client: {
      displayName: loaded.client.display_name,
      email: loaded.client.billing_email,
      phone: loaded.client.phone,
      postalAddress: loaded.client.postal_address as PostalAddress | null,
    },
    items,
    totals: currencies.map((currency) =>
      Money.sum(
        items
          .filter((item) => item.openAmount.currency === currency)
          .map((item) => item.openAmount),
        currency,
      ),
    ),
    payBy: addDays(localDate(zone, step.at), loaded.policy.payWithinDays),
    optOutUrl,
  };
}
