import { BillingRule, ruleBroken } from './errors';
import type { InvoiceStatus } from './types';

export interface InvoiceAmounts {
  totalMinor: bigint;
  paidMinor: bigint;
  creditedMinor: bigint;
  writtenOffMinor: bigint;
}

/** What is still owed: total less payments, credit notes and write-offs. */
export function openAmount(invoice: InvoiceAmounts): bigint {
  return invoice.totalMinor - invoice.paidMinor - invoice.creditedMinor - invoice.writtenOffMinor;
}

/**
 * The status of an issued invoice follows from its amounts: settled by a write-off is WRITTEN_OFF,
 * otherwise settled is PAID, anything received is PARTIALLY_PAID, nothing yet is ISSUED.
 */
export function issuedStatus(invoice: InvoiceAmounts): InvoiceStatus {
  const open = openAmount(invoice);
  if (open === 0n) return invoice.writtenOffMinor > 0n ? 'WRITTEN_OFF' : 'PAID';
  const settled = invoice.paidMinor + invoice.creditedMinor + invoice.writtenOffMinor;
  return settled > 0n ? 'PARTIALLY_PAID' : 'ISSUED';
}

export function isReceivable(status: InvoiceStatus): boolean {
  return status === 'ISSUED' || status === 'PARTIALLY_PAID';
}

export function assertDraft(invoice: { id: string; status: InvoiceStatus }): void {
  if (invoice.status !== 'DRAFT') {
    throw ruleBroken(
      BillingRule.INVOICE_NOT_DRAFT,
      `The invoice is ${invoice.status}: only a draft can be changed; issued invoices are corrected by credit notes`,
      { invoiceId: invoice.id, status: invoice.status },
    );
  }
}

export function assertReceivable(invoice: { id: string; status: InvoiceStatus }): void {
  if (!isReceivable(invoice.status)) {
    throw ruleBroken(BillingRule.INVOICE_NOT_OPEN, `The invoice is ${invoice.status}, not open`, {
      invoiceId: invoice.id,
      status: invoice.status,
    });
  }
}

/** A draft may always be voided; an issued invoice only while nothing was paid, credited or written off. */
export function assertVoidable(invoice: { id: string; status: InvoiceStatus } & InvoiceAmounts) {
  if (invoice.status === 'DRAFT') return;
  assertReceivable(invoice);
  if (invoice.paidMinor + invoice.creditedMinor + invoice.writtenOffMinor > 0n) {
    throw ruleBroken(
      BillingRule.INVOICE_HAS_PAYMENTS,
      'The invoice has payments, credits or write-offs applied: reverse them or issue a credit note',
      { invoiceId: invoice.id },
    );
  }
}

/** A credit note or write-off takes at most what is open on an open invoice. */
export function assertWithinOpenAmount(
  invoice: { id: string; status: InvoiceStatus } & InvoiceAmounts,
  amountMinor: bigint,
): void {
  assertReceivable(invoice);
  if (amountMinor > openAmount(invoice)) {
    throw ruleBroken(
      BillingRule.EXCEEDS_OPEN_AMOUNT,
      'The amount exceeds what is open on the invoice',
      {
        invoiceId: invoice.id,
        openMinor: openAmount(invoice).toString(),
        requestedMinor: amountMinor.toString(),
      },
    );
  }
}
