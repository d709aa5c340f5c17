import { eventCatalogue, type CatalogueEvent, type EventEnvelope } from '@lexfin/contracts';
import { PoisonMessageError } from '@lexfin/messaging';
import { Money } from '@lexfin/money';
import type { EventHandler } from '@lexfin/persistence';
import { eventCaller, type Caller } from '@lexfin/service-kit';
import type { BillingDeps, BillingTx } from '../app/deps';
import { firmToday, lockClient, lockInvoice } from '../app/loaders';
import { creditNoteIn, writeOffIn } from '../app/settlements';
import type { BillingDatabase } from '../db/tables';

const disputeResolved = eventCatalogue['lexfin.collections.dispute.resolved.v1'];
const writeOffApproved = eventCatalogue['lexfin.collections.write_off.approved.v1'];
type Resolved = Extract<CatalogueEvent, { type: typeof disputeResolved.type }>;
type Approved = Extract<CatalogueEvent, { type: typeof writeOffApproved.type }>;

/** The work collections' requests are handled as (the consumer's system caller). */
export const COLLECTIONS_REQUEST_WORK = 'collections-request';

/**
 * The invoice a request names, locked after its client (the order payments lock in), with what it
 * still has open; one this firm or client does not have goes to the dead letters.
 */
async function namedInvoice(
  tx: BillingTx,
  caller: Caller,
  event: EventEnvelope<unknown>,
  clientId: string,
  invoiceId: string,
) {
  const named = await tx
    .selectFrom('invoices')
    .select(['id', 'client_id'])
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!named || named.client_id !== clientId) {
    throw new PoisonMessageError(
      `${event.type} ${event.id} names invoice ${invoiceId} of client ${clientId}, which this firm does not have`,
    );
  }
  await lockClient(tx, caller, clientId);
  const invoice = await lockInvoice(tx, caller, named.id);
  const open =
    invoice.status === 'ISSUED' || invoice.status === 'PARTIALLY_PAID' ? invoice.open_minor : 0n;
  return { invoice, open };
}

const atMost = (wanted: bigint, open: bigint) => (wanted < open ? wanted : open);

/**
 * Collections' requests, through the inbox (a redelivered event does nothing again: one credit
 * note per resolved dispute, one write-off per invoice per approval). An upheld or partly upheld
 * dispute gets its credit note; an approved write-off writes each invoice's amount off. Either
 * takes no more than the invoice still has open (a payment may have come first).
 */
export function collectionsRequestHandlers(
  deps: BillingDeps,
): Record<string, EventHandler<BillingDatabase>> {
  return {
    async [disputeResolved.type](tx, envelope) {
      const event = envelope as Resolved;
      const { data } = event;
      if (data.creditAmount === null) return;
      const caller = eventCaller(event, COLLECTIONS_REQUEST_WORK);
      const { invoice, open } = await namedInvoice(
        tx,
        caller,
        event,
        data.clientId,
        data.invoiceId,
      );
      const amountMinor = atMost(Money.fromJSON(data.creditAmount).minor, open);
      if (amountMinor <= 0n) return;
      await creditNoteIn(tx, caller, invoice, {
        amountMinor,
        reason: `Dispute ${data.outcome === 'UPHELD' ? 'upheld' : 'partly upheld'}: ${data.reason}`,
        today: await firmToday(tx, caller, deps.clock()),
      });
    },
    async [writeOffApproved.type](tx, envelope) {
      const event = envelope as Approved;
      const { data } = event;
      const caller = eventCaller(event, COLLECTIONS_REQUEST_WORK);
      const today = await firmToday(tx, caller, deps.clock());
      // Invoices in id order: the fixed order every lock of several invoices takes.
      const items = [...data.items].sort((a, b) => a.invoiceId.localeCompare(b.invoiceId));
      for (const item of items) {
        const { invoice, open } = await namedInvoice(
          tx,
          caller,
          event,
          data.clientId,
          item.invoiceId,
        );
        const amountMinor = atMost(Money.fromJSON(item.amount).minor, open);
        if (amountMinor <= 0n) continue;
        await writeOffIn(tx, caller, invoice, {
          amountMinor,
          reason: data.reason,
          approvedBy: data.approvedBy,
          today,
        });
      }
    },
  };
}
