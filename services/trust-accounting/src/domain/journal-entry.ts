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

/**
 * The one shape of a journal entry: every field a tamperer could change, and its place in the
 * account's hash chain. The database row (`app/journal-row.ts`) maps to it field
 * for field.
 */
export interface JournalEntry {
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
  previousHash: string;
  hash: string;
}

/** An entry before it is linked into the chain: what its hash covers. */
export type ChainedEntry = Omit<JournalEntry, 'previousHash' | 'hash'>;
