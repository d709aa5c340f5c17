import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { eventOf, type Caller } from '@lexfin/service-kit';
import { daysBetween } from '@lexfin/platform/business-dates';
import { issuedStatus } from '../domain/invoice-status';
import type { BillingTx } from './deps';
import { invoiceRef, moneyJson } from './invoice-events';
import type { InvoiceRow } from './loaders';

const { invoicePaid } = billingEvents;

export interface SettlementChange {
  paidMinor?: bigint;
  creditedMinor?: bigint;
  writtenOffMinor?: bigint;
}

/**
 * Moves an issued invoice's paid, credited or written-off amounts by the given (signed) deltas and
 * derives its status from them. Returns the new row and, when this change settled it by payment,
 * the invoice.paid event. The database refuses an open amount below zero.
 */
export async function settle(
  tx: BillingTx,
  caller: Caller,
  invoice: InvoiceRow,
  change: SettlementChange,
  on: string,
): Promise<{ invoice: InvoiceRow; events: EventEnvelope<unknown>[] }> {
  const amounts = {
    totalMinor: invoice.total_minor,
    paidMinor: invoice.paid_minor + (change.paidMinor ?? 0n),
    creditedMinor: invoice.credited_minor + (change.creditedMinor ?? 0n),
    writtenOffMinor: invoice.written_off_minor + (change.writtenOffMinor ?? 0n),
  };
  const status = issuedStatus(amounts);
  const updated = await tx
    .updateTable('invoices')
    .set({
      status,
      paid_minor: amounts.paidMinor,
      credited_minor: amounts.creditedMinor,
      written_off_minor: amounts.writtenOffMinor,
    })
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const events: EventEnvelope<unknown>[] = [];
  if (status === 'PAID' && invoice.status !== 'PAID') {
    events.push(
      eventOf(caller, invoicePaid, updated.id, {
        ...invoiceRef(updated),
        total: moneyJson(updated.total_minor, updated.currency),
        invoiceDate: updated.invoice_date!,
        dueDate: updated.due_date!,
        paidOn: on,
        daysToPay: daysBetween(updated.invoice_date!, on),
      }),
    );
  }
  return { invoice: updated, events };
}

/** Open invoices of a client in one currency, locked in id order (a fixed order: no deadlocks). */
export function lockOpenInvoices(
  tx: BillingTx,
  caller: Caller,
  clientId: string,
  currency: string,
): Promise<InvoiceRow[]> {
  return tx
    .selectFrom('invoices')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('client_id', '=', clientId)
    .where('currency', '=', currency)
    .where('status', 'in', ['ISSUED', 'PARTIALLY_PAID'])
    .orderBy('id')
    .forUpdate()
    .execute();
}
