import { createHash } from 'node:crypto';
import type { ChainedEntry, JournalEntry } from './journal-entry';

/** The "previous hash" of a trust account's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous entry's hash and every recorded field, in a fixed order as a JSON
 * array (no field can bleed into the next). Changing any field, or removing or reordering an
 * entry, breaks the chain from there on.
 */
export function entryHash(entry: ChainedEntry, previousHash: string): string {
  const fields = [
    previousHash,
    entry.id,
    entry.trustAccountId,
    entry.sequence.toString(),
    entry.ledgerId,
    entry.clientId,
    entry.matterId,
    entry.entryType,
    entry.amountMinor.toString(),
    entry.currency,
    entry.effectiveDate,
    entry.description,
    entry.counterparty,
    entry.paymentMethod,
    entry.reference,
    entry.invoiceId,
    entry.sourceId,
    entry.reversesEntryId,
    entry.recordedBy,
    entry.recordedAt.toISOString(),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** An entry linked into the chain. */
export type StoredEntry = JournalEntry;

/** Links new entries, in the order given, onto a chain whose last hash is `previousHash`. */
export function appendToChain(
  previousHash: string,
  entries: readonly ChainedEntry[],
): StoredEntry[] {
  let previous = previousHash;
  return entries.map((entry) => {
    const hash = entryHash(entry, previous);
    const stored = { ...entry, previousHash: previous, hash };
    previous = hash;
    return stored;
  });
}

export type ChainVerdict =
  | { valid: true; entriesChecked: number }
  | { valid: false; entriesChecked: number; firstBadEntryId: string; problem: string };

/** Recomputes the chain of one trust account's entries, given in sequence order. */
export function verifyChain(entries: readonly StoredEntry[]): ChainVerdict {
  let previousHash = GENESIS_HASH;
  let expectedSequence = 1n;
  for (const [index, entry] of entries.entries()) {
    const bad = (problem: string): ChainVerdict => ({
      valid: false,
      entriesChecked: index,
      firstBadEntryId: entry.id,
      problem,
    });
    if (entry.sequence !== expectedSequence) {
      return bad(
        `sequence ${entry.sequence} where ${expectedSequence} was expected (an entry is missing)`,
      );
    }
    if (entry.previousHash !== previousHash) {
      return bad('its previous hash is not the hash of the entry before it');
    }
    if (entryHash(entry, previousHash) !== entry.hash) {
      return bad('its contents do not match its hash (the entry was altered)');
    }
    previousHash = entry.hash;
    expectedSequence += 1n;
  }
  return { valid: true, entriesChecked: entries.length };
}
