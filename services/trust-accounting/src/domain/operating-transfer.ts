import { overTransfer } from './trust-errors';

/** What this service knows of an invoice: billing's open amount and our transfers not yet applied. */
export interface InvoiceTransfers {
  invoiceId: string;
  currency: string;
  billingOpenMinor: bigint;
  unappliedTransfersMinor: bigint;
}

/** What may still be transferred against the invoice. */
export function transferableMinor(invoice: InvoiceTransfers): bigint {
  const open = invoice.billingOpenMinor - invoice.unappliedTransfersMinor;
  return open > 0n ? open : 0n;
}

/**
 * The invoice with a transfer of `amountMinor` held against it, or OVER_TRANSFER when billing's
 * open amount, less the transfers billing has not applied yet, does not cover it.
 */
export function reserveTransfer(invoice: InvoiceTransfers, amountMinor: bigint): InvoiceTransfers {
  if (amountMinor > transferableMinor(invoice)) {
    throw overTransfer(
      transferableMinor(invoice),
      amountMinor,
      invoice.currency,
      invoice.invoiceId,
    );
  }
  return { ...invoice, unappliedTransfersMinor: invoice.unappliedTransfersMinor + amountMinor };
}
