/** An open invoice a write-off may take from. */
export interface WriteOffSource {
  invoiceId: string;
  dueDate: string;
  openMinor: bigint;
}

/**
 * Spreads a write-off over invoices oldest due date first (invoice id breaks ties), each up to
 * what it has open: the oldest debt is the least collectable, and whole invoices come off the
 * books rather than a remainder left on each. The caller checks the amount is at most the total.
 */
export function allocateWriteOff(
  amountMinor: bigint,
  sources: readonly WriteOffSource[],
): { invoiceId: string; amountMinor: bigint }[] {
  const oldestFirst = [...sources].sort((a, b) =>
    a.dueDate !== b.dueDate
      ? a.dueDate.localeCompare(b.dueDate)
      : a.invoiceId.localeCompare(b.invoiceId),
  );
  const allocation: { invoiceId: string; amountMinor: bigint }[] = [];
  let rest = amountMinor;
  for (const source of oldestFirst) {
    if (rest <= 0n) break;
    const taken = source.openMinor < rest ? source.openMinor : rest;
    if (taken > 0n) allocation.push({ invoiceId: source.invoiceId, amountMinor: taken });
    rest -= taken;
  }
  return allocation;
}
