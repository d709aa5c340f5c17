import { Money } from '@lexfin/money';
import type { InvoiceRow } from './loaders';

export function moneyJson(minor: bigint, currency: string) {
  return Money.of(minor, currency).toJSON();
}

/** The ids every invoice event carries; only issued invoices (with a number) have events. */
export function invoiceRef(invoice: InvoiceRow) {
  return {
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoice_number!,
    clientId: invoice.client_id,
    matterId: invoice.matter_id,
  };
}
