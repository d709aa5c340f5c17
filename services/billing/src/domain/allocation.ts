import { BillingRule, ruleBroken } from './errors';

export interface OpenInvoice {
  id: string;
  dueDate: string;
  invoiceNumber: string;
  openMinor: bigint;
}

export interface Allocation {
  invoiceId: string;
  amountMinor: bigint;
}

export interface AllocationResult {
  allocations: Allocation[];
  unappliedMinor: bigint;
}

/** The default order: oldest due date first, then by invoice number. */
export function byOldestDueDate(a: OpenInvoice, b: OpenInvoice): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.invoiceNumber.localeCompare(b.invoiceNumber, 'en', { numeric: true });
}

/** Spreads an amount over open invoices, oldest due date first; what is left stays unapplied. */
export function allocateOldestFirst(
  amountMinor: bigint,
  invoices: readonly OpenInvoice[],
): AllocationResult {
  let remaining = amountMinor;
  const allocations: Allocation[] = [];
  for (const invoice of [...invoices].sort(byOldestDueDate)) {
    if (remaining === 0n) break;
    const applied = remaining < invoice.openMinor ? remaining : invoice.openMinor;
    if (applied > 0n) {
      allocations.push({ invoiceId: invoice.id, amountMinor: applied });
      remaining -= applied;
    }
  }
  return { allocations, unappliedMinor: remaining };
}

/**
 * A caller-chosen allocation: each invoice at most once, never more than it has open, and
 * together never more than the amount; the rest stays unapplied.
 */
export function allocateExplicitly(
  amountMinor: bigint,
  requested: readonly Allocation[],
  openById: ReadonlyMap<string, OpenInvoice>,
): AllocationResult {
  const seen = new Set<string>();
  let total = 0n;
  requested.forEach((allocation, index) => {
    const invoice = openById.get(allocation.invoiceId);
    const details = { invoiceId: allocation.invoiceId, index };
    if (invoice === undefined || seen.has(allocation.invoiceId)) {
      throw ruleBroken(
        BillingRule.INVOICE_NOT_OPEN,
        `allocations.${index}: the invoice is not an open invoice of this client, or is named twice`,
        details,
      );
    }
    seen.add(allocation.invoiceId);
    if (allocation.amountMinor > invoice.openMinor) {
      throw ruleBroken(
        BillingRule.EXCEEDS_OPEN_AMOUNT,
        `allocations.${index}: the amount exceeds what is open on the invoice`,
        { ...details, openMinor: invoice.openMinor.toString() },
      );
    }
    total += allocation.amountMinor;
  });
  if (total > amountMinor) {
    throw ruleBroken(BillingRule.EXCEEDS_PAYMENT, 'The allocations add up to more than the amount');
  }
  return {
    allocations: requested.filter((allocation) => allocation.amountMinor > 0n),
    unappliedMinor: amountMinor - total,
  };
}
