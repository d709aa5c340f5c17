/** What a journal line records; `amountMinor` is signed: positive = money into trust. */
export const ENTRY_TYPES = [
  'DEPOSIT',
  'DISBURSEMENT',
  'TRANSFER_TO_OPERATING',
  'REFUND',
  'DEPOSIT_RETURNED',
  'BANK_CHARGE',
  'REVERSAL',
  'SHORTAGE_COVER',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** A journal entry as the hash chain covers it: every field a tamperer could change. */
export interface ChainedEntry {
  id: string;
  trustAccountId: string;
  sequence: bigint;
  ledgerId: string;
  clientId: string | null;
  matterId: string | null;
  entryType: string;
  amountMinor: bigint;
  currency: string;
  effectiveDate: string;
  description: string;
  counterparty: string | null;
  paymentMethod: string | null;
  reference: string | null;
  invoiceId: string | null;
  sourceId: string | null;
  reversesEntryId: string | null;
  recordedBy: string;
  recordedAt: Date;
}
