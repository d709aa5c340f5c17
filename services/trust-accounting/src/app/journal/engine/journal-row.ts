import type { Selectable } from 'kysely';
import type { JournalEntry } from '../../../domain/journal-entry';
import type { JournalEntriesTable } from '../../../db/schema';

export type JournalRow = Selectable<JournalEntriesTable>;

/** The journal entry's fields and the columns that store them: the one mapping, both ways. */
const COLUMNS = {
  id: 'id',
  trustAccountId: 'trust_account_id',
  sequence: 'sequence',
  ledgerId: 'ledger_id',
  clientId: 'client_id',
  matterId: 'matter_id',
  entryType: 'entry_type',
  amountMinor: 'amount_minor',
  currency: 'currency',
  effectiveDate: 'effective_date',
  description: 'description',
  counterparty: 'counterparty',
  paymentMethod: 'payment_method',
  reference: 'reference',
  invoiceId: 'invoice_id',
  sourceId: 'source_id',
  reversesEntryId: 'reverses_entry_id',
  recordedBy: 'recorded_by',
  recordedAt: 'recorded_at',
  previousHash: 'previous_hash',
  hash: 'hash',
} as const satisfies { [Field in keyof JournalEntry]: keyof JournalRow };

const PAIRS = Object.entries(COLUMNS) as [keyof JournalEntry, keyof JournalRow][];

/** An entry as its journal row. */
export function journalRow(firmId: string, entry: JournalEntry): JournalRow {
  const row: Record<string, unknown> = { firm_id: firmId };
  for (const [field, column] of PAIRS) row[column] = entry[field];
  return row as unknown as JournalRow;
}

/** A journal row as the entry it stores (what the hash chain reads). */
export function journalEntry(row: JournalRow): JournalEntry {
  const entry: Record<string, unknown> = {};
  for (const [field, column] of PAIRS) entry[field] = row[column];
  return entry as unknown as JournalEntry;
}
