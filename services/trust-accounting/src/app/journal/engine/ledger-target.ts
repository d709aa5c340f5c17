/**
 * The ledger a command posts to: a client's matter ledger, the account's firm-funds ledger, the
 * ledger of the matter an invoice billing reported was issued on, or (for a command on a row it
 * changes: a deposit, a disbursement, an entry, a shortage) the ledger that row belongs to.
 */
export type LedgerTarget =
  | { matterId: string; clientId: string }
  | 'FIRM_FUNDS'
  | { invoiceId: string }
  | { ledgerId: string };

/** The matter a target names itself (an invoice target's matter comes from the invoice). */
export function namedMatter(target: LedgerTarget): { matterId: string; clientId: string } | null {
  return typeof target === 'object' && 'matterId' in target ? target : null;
}

export function namedInvoiceId(target: LedgerTarget): string | null {
  return typeof target === 'object' && 'invoiceId' in target ? target.invoiceId : null;
}

export function namedLedgerId(target: LedgerTarget): string | null {
  return typeof target === 'object' && 'ledgerId' in target ? target.ledgerId : null;
}
