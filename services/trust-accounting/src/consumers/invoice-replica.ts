import { sql, type Transaction } from 'kysely';
import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { parseDecimalAmount } from '@lexfin/money';
import type { TrustDatabase } from '../db/schema';
import { on, type EventData } from './handler';

type Tx = Transaction<TrustDatabase>;
type Money = { amount: string; currency: string };
type Allocation = { invoiceId: string; amount: Money };

const minor = (money: Money) => parseDecimalAmount(money.amount, money.currency);

/** Billing's open amount after an event that states it outright. */
async function setOpen(tx: Tx, invoiceId: string, openMinor: bigint) {
  await tx
    .updateTable('invoices')
    .set({ billing_open_minor: openMinor })
    .where('invoice_id', '=', invoiceId)
    .execute();
}

/** Allocations move billing's open amount by their amounts (`sign` -1 pays, +1 reopens). */
async function moveOpen(tx: Tx, allocations: readonly Allocation[], sign: -1n | 1n) {
  for (const allocation of allocations) {
    await tx
      .updateTable('invoices')
      .set({
        billing_open_minor: sql`greatest(0, billing_open_minor + ${sign * minor(allocation.amount)})`,
      })
      .where('invoice_id', '=', allocation.invoiceId)
      .execute();
  }
}

/**
 * A TRUST payment is billing applying one of our transfers. Its event does not carry the
 * transfer id, but billing records it with the transfer's client, amount and date (and
 * allocates it to the transfer's invoice when that is still open), so the oldest unapplied
 * transfer that fits is the one. It no longer counts against the invoice: billing's open amount
 * now reflects it.
 */
async function markTransferApplied(
  tx: Tx,
  payment: EventData<typeof billingEvents.paymentRecorded>,
) {
  const invoiceIds = payment.allocations.map((allocation) => allocation.invoiceId);
  const transfer = await tx
    .selectFrom('operating_transfers')
    .select(['transfer_id', 'invoice_id', 'amount_minor'])
    .where('billing_payment_id', 'is', null)
    .where('client_id', '=', payment.clientId)
    .where('amount_minor', '=', minor(payment.amount))
    .where('transferred_on', '=', payment.receivedOn)
    .$if(invoiceIds.length > 0, (query) => query.where('invoice_id', 'in', invoiceIds))
    .orderBy('recorded_at')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!transfer) return;
  await tx
    .updateTable('operating_transfers')
    .set({ billing_payment_id: payment.paymentId })
    .where('transfer_id', '=', transfer.transfer_id)
    .execute();
  await tx
    .updateTable('invoices')
    .set((eb) => ({
      unapplied_transfers_minor: eb('unapplied_transfers_minor', '-', transfer.amount_minor),
    }))
    .where('invoice_id', '=', transfer.invoice_id)
    .execute();
}

async function insertInvoice(
  tx: Tx,
  data: EventData<typeof billingEvents.invoiceIssued | typeof billingEvents.invoiceIssuedV2>,
  event: EventEnvelope<unknown>,
) {
  await tx
    .insertInto('invoices')
    .values({
      firm_id: event.firmid,
      invoice_id: data.invoiceId,
      client_id: data.clientId,
      matter_id: data.matterId,
      currency: data.total.currency,
      billing_open_minor: minor(data.total),
    })
    .onConflict((conflict) => conflict.columns(['firm_id', 'invoice_id']).doNothing())
    .execute();
}

/**
 * Billing's invoice events, kept as each invoice's open amount. Events of one client arrive in
 * billing's order, so an open amount billing states outright already reflects every TRUST
 * payment it reported before it.
 */
export const invoiceReplicaHandlers = [
  // v1 of issued and voided may still be on the topic from before billing published v2.
  on(billingEvents.invoiceIssued, insertInvoice),
  on(billingEvents.invoiceIssuedV2, insertInvoice),
  on(billingEvents.invoiceVoided, (tx, data) => setOpen(tx, data.invoiceId, 0n)),
  on(billingEvents.invoiceVoidedV2, (tx, data) => setOpen(tx, data.invoiceId, 0n)),
  on(billingEvents.invoicePaid, (tx, data) => setOpen(tx, data.invoiceId, 0n)),
  on(billingEvents.invoiceWrittenOff, (tx, data) =>
    setOpen(tx, data.invoiceId, minor(data.openAmount)),
  ),
  on(billingEvents.creditNoteIssued, (tx, data) =>
    setOpen(tx, data.invoiceId, minor(data.openAmount)),
  ),
  on(billingEvents.lateFeeAssessed, (tx, data) =>
    setOpen(tx, data.invoiceId, minor(data.openAmount)),
  ),
  on(billingEvents.invoiceOverdue, (tx, data) =>
    setOpen(tx, data.invoiceId, minor(data.openAmount)),
  ),
  on(billingEvents.paymentRecorded, async (tx, data) => {
    if (data.method === 'TRUST') await markTransferApplied(tx, data);
    await moveOpen(tx, data.allocations, -1n);
  }),
  on(billingEvents.clientCreditApplied, (tx, data) => moveOpen(tx, data.allocations, -1n)),
  on(billingEvents.paymentReversed, (tx, data) => moveOpen(tx, data.reopenedAllocations, 1n)),
];
