import type { CatalogueEvent, EventEnvelope } from '@lexfin/contracts';
import { PoisonMessageError } from '@lexfin/messaging';
import { Money } from '@lexfin/money';
import { runIdempotent, type EventHandler } from '@lexfin/persistence';
import { eventCaller } from '@lexfin/service-kit';
import type { BillingDatabase } from '../db/tables';
import type { BillingDeps } from '../app/deps';
import { recordPaymentIn } from '../app/payments';
import { lockClient, lockInvoice } from '../app/loaders';

export const TRUST_TRANSFER_TYPE = 'lexfin.trust.transfer_to_operating.recorded.v1';
type TrustTransfer = Extract<CatalogueEvent, { type: typeof TRUST_TRANSFER_TYPE }>;

/**
 * Earned fees moved from trust: a TRUST payment on the invoice named, once per transfer (the inbox
 * drops a redelivered event; the transfer id also keys the payment, in case trust re-publishes).
 * Whatever the invoice no longer has open stays with the client as credit, never lost.
 */
export function trustTransferHandler(deps: BillingDeps): EventHandler<BillingDatabase> {
  return async (tx, envelope: EventEnvelope<unknown>) => {
    const event = envelope as TrustTransfer;
    const transfer = event.data;
    const caller = eventCaller(event, 'trust-transfer');
    const amount = Money.fromJSON(transfer.amount);
    await runIdempotent(
      tx,
      {
        firmId: caller.firmId,
        key: `trust-transfer:${transfer.transferId}`,
        operation: 'trustTransfer',
        input: transfer,
      },
      async () => {
        const named = await tx
          .selectFrom('invoices')
          .select(['id', 'client_id'])
          .where('firm_id', '=', caller.firmId)
          .where('id', '=', transfer.invoiceId)
          .executeTakeFirst();
        if (!named || named.client_id !== transfer.clientId) {
          // No retry can make it appear: straight to the dead letters, with the reason.
          throw new PoisonMessageError(
            `transfer ${transfer.transferId} names invoice ${transfer.invoiceId} of client ${transfer.clientId}, which this firm does not have`,
          );
        }
        // Client before invoice: the order recordPayment locks in, so the two cannot deadlock.
        await lockClient(tx, caller, transfer.clientId);
        const invoice = await lockInvoice(tx, caller, named.id);
        const open =
          invoice.status === 'ISSUED' || invoice.status === 'PARTIALLY_PAID'
            ? invoice.open_minor
            : 0n;
        const applied = amount.minor < open ? amount.minor : open;
        return recordPaymentIn(deps, tx, caller, {
          clientId: transfer.clientId,
          method: 'TRUST',
          amount,
          receivedOn: transfer.transferredOn,
          reference: `trust transfer ${transfer.transferId}`,
          allocations:
            applied > 0n && invoice.currency === amount.currency
              ? [{ invoiceId: invoice.id, amount: Money.of(applied, amount.currency) }]
              : [],
        });
      },
    );
  };
}
