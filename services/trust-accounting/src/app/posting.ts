import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import { refusalFor } from '../domain/available-funds';
import { appendToChain, type StoredEntry } from '../domain/hash-chain';
import type { ChainedEntry, EntryType } from '../domain/journal-entry';
import { requireOpenPeriod } from '../domain/trust-errors';
import type { JournalEntriesTable, TrustDatabase } from '../db/schema';
import type { AccountRow, LedgerRow } from './lookup';

export interface Posting {
  ledger: LedgerRow;
  entryType: EntryType;
  /** Signed: positive puts money into trust, negative takes it out. */
  amountMinor: bigint;
  /** Change to the ledger's uncollected deposits (a new uncleared deposit, a returned one...). */
  unclearedDeltaMinor?: bigint;
  /**
   * Money leaving for someone: refused unless the ledger's collected funds cover it. Only a
   * returned deposit posts unguarded, since the bank has already taken the money back.
   */
  guarded: boolean;
  effectiveDate: string;
  description: string;
  counterparty?: string | null;
  paymentMethod?: string | null;
  reference?: string | null;
  invoiceId?: string | null;
  sourceId?: string | null;
  reversesEntryId?: string | null;
}

export interface PostedEntry {
  row: Selectable<JournalEntriesTable>;
  balanceBeforeMinor: bigint;
  balanceAfterMinor: bigint;
}

/**
 * Posts entries to ledgers and the account's journal in the caller's transaction. Locks go in one
 * order everywhere (ledger rows by id, then the trust account row), so concurrent postings never
 * deadlock; the guarded ledger update is conditional, so no interleaving can overdraw a ledger.
 * The account row lock orders the hash chain and makes the period-lock check race-free.
 */
export async function postEntries(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  postings: readonly Posting[],
  recordedBy: string,
): Promise<PostedEntry[]> {
  const balances = new Map<Posting, { before: bigint; after: bigint }>();
  for (const posting of [...postings].sort((a, b) => a.ledger.id.localeCompare(b.ledger.id))) {
    balances.set(posting, await moveLedger(tx, account, posting));
  }

  const head = await tx
    .updateTable('trust_accounts')
    .set({ journal_sequence: sql`journal_sequence + ${BigInt(postings.length)}` })
    .where('id', '=', account.id)
    .returning(['journal_sequence', 'journal_head_hash', 'locked_through'])
    .executeTakeFirstOrThrow();
  for (const posting of postings) requireOpenPeriod(posting.effectiveDate, head.locked_through);

  const firstSequence = head.journal_sequence - BigInt(postings.length) + 1n;
  const recordedAt = new Date();
  const chained = appendToChain(
    head.journal_head_hash,
    postings.map((posting, index) =>
      chainedEntry(account, posting, firstSequence + BigInt(index), recordedBy, recordedAt),
    ),
  );
  const rows = chained.map((entry) => journalRow(account.firm_id, entry));

  await tx
    .with('appended', (db) => db.insertInto('journal_entries').values(rows))
    .updateTable('trust_accounts')
    .set({ journal_head_hash: chained.at(-1)!.hash })
    .where('id', '=', account.id)
    .execute();

  return postings.map((posting, index) => {
    const balance = balances.get(posting)!;
    return {
      row: rows[index]!,
      balanceBeforeMinor: balance.before,
      balanceAfterMinor: balance.after,
    };
  });
}

async function moveLedger(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  posting: Posting,
): Promise<{ before: bigint; after: bigint }> {
  const amount = posting.amountMinor;
  const uncleared = posting.unclearedDeltaMinor ?? 0n;
  const updated = await tx
    .updateTable('ledgers')
    .set({
      balance_minor: sql`balance_minor + ${amount}`,
      uncleared_minor: sql`uncleared_minor + ${uncleared}`,
    })
    .where('id', '=', posting.ledger.id)
    .$if(posting.guarded, (query) =>
      query.where(sql<boolean>`balance_minor + ${amount} - (uncleared_minor + ${uncleared}) >= 0`),
    )
    .returning(['balance_minor'])
    .executeTakeFirst();
  if (updated) return { before: updated.balance_minor - amount, after: updated.balance_minor };
  const ledger = await tx
    .selectFrom('ledgers')
    .select(['balance_minor', 'uncleared_minor'])
    .where('id', '=', posting.ledger.id)
    .executeTakeFirstOrThrow();
  throw (
    refusalFor(
      {
        balanceMinor: ledger.balance_minor,
        unclearedMinor: ledger.uncleared_minor,
        currency: account.currency,
      },
      -amount,
    ) ?? new Error(`ledger ${posting.ledger.id} refused a posting it can cover`)
  );
}

/** A posting as the journal records it: the account's next entry, not yet chained. */
export function chainedEntry(
  account: AccountRow,
  posting: Posting,
  sequence: bigint,
  recordedBy: string,
  recordedAt: Date,
): ChainedEntry {
  return {
    id: randomUUID(),
    trustAccountId: account.id,
    sequence,
    ledgerId: posting.ledger.id,
    clientId: posting.ledger.client_id,
    matterId: posting.ledger.matter_id,
    entryType: posting.entryType,
    amountMinor: posting.amountMinor,
    currency: account.currency,
    effectiveDate: posting.effectiveDate,
    description: posting.description,
    counterparty: posting.counterparty ?? null,
    paymentMethod: posting.paymentMethod ?? null,
    reference: posting.reference ?? null,
    invoiceId: posting.invoiceId ?? null,
    sourceId: posting.sourceId ?? null,
    reversesEntryId: posting.reversesEntryId ?? null,
    recordedBy,
    recordedAt,
  };
}

/** A chained entry as its journal row. */
export function journalRow(firmId: string, entry: StoredEntry): Selectable<JournalEntriesTable> {
  return {
    firm_id: firmId,
    id: entry.id,
    trust_account_id: entry.trustAccountId,
    sequence: entry.sequence,
    ledger_id: entry.ledgerId,
    client_id: entry.clientId,
    matter_id: entry.matterId,
    entry_type: entry.entryType,
    amount_minor: entry.amountMinor,
    currency: entry.currency,
    effective_date: entry.effectiveDate,
    description: entry.description,
    counterparty: entry.counterparty,
    payment_method: entry.paymentMethod,
    reference: entry.reference,
    invoice_id: entry.invoiceId,
    source_id: entry.sourceId,
    reverses_entry_id: entry.reversesEntryId,
    recorded_by: entry.recordedBy,
    recorded_at: entry.recordedAt,
    previous_hash: entry.previousHash,
    hash: entry.hash,
  };
}

/** The journal row as the hash chain reads it. */
export function journalEntryOf(row: Selectable<JournalEntriesTable>): StoredEntry {
  return {
    id: row.id,
    trustAccountId: row.trust_account_id,
    sequence: row.sequence,
    ledgerId: row.ledger_id,
    clientId: row.client_id,
    matterId: row.matter_id,
    entryType: row.entry_type,
    amountMinor: row.amount_minor,
    currency: row.currency,
    effectiveDate: row.effective_date,
    description: row.description,
    counterparty: row.counterparty,
    paymentMethod: row.payment_method,
    reference: row.reference,
    invoiceId: row.invoice_id,
    sourceId: row.source_id,
    reversesEntryId: row.reverses_entry_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
