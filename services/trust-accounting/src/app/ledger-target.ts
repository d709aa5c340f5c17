/**
 * The ledger a batched command posts to: a client's matter ledger, the account's firm-funds
 * ledger, or the ledger of the matter an invoice billing reported was issued on.
 */
export type LedgerTarget =
  { matterId: string; clientId: string } | 'FIRM_FUNDS' | { invoiceId: string };

/** The matter a target names itself (an invoice target's matter comes from the invoice). */
export function namedMatter(target: LedgerTarget): { matterId: string; clientId: string } | null {
  return typeof target === 'object' && 'matterId' in target ? target : null;
}

export function namedInvoiceId(target: LedgerTarget): string | null {
  return typeof target === 'object' && 'invoiceId' in target ? target.invoiceId : null;
}
