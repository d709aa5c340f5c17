import { randomUUID } from 'node:crypto';
import {
  appendToChain,
  entryHash,
  GENESIS_HASH,
  verifyChain,
  type StoredEntry,
} from '../../src/domain/hash-chain';
import type { ChainedEntry } from '../../src/domain/journal-entry';

function entries(count: number, firstSequence = 1): ChainedEntry[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = firstSequence + offset;
    return {
      id: randomUUID(),
      trustAccountId: 'account',
      sequence: BigInt(index),
      ledgerId: 'ledger',
      clientId: null,
      matterId: null,
      entryType: 'DEPOSIT',
      amountMinor: BigInt(index * 100),
      currency: 'USD',
      effectiveDate: '2026-03-02',
      description: 'Deposit',
      counterparty: null,
      paymentMethod: 'WIRE',
      reference: null,
      invoiceId: null,
      sourceId: null,
      reversesEntryId: null,
      recordedBy: 'user',
      recordedAt: new Date('2026-03-02T10:00:00Z'),
    };
  });
}

function chain(count: number): StoredEntry[] {
  return appendToChain(GENESIS_HASH, entries(count));
}

describe('journal hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ valid: true, entriesChecked: 5 });
  });

  it('names the first altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, amountMinor: 1n };
    expect(verifyChain(entries)).toMatchObject({
      valid: false,
      firstBadEntryId: entries[2]!.id,
      problem: expect.stringContaining('altered'),
    });
  });

  it('names the entry after a removed one', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({
      valid: false,
      firstBadEntryId: entries[1]!.id,
      problem: expect.stringContaining('missing'),
    });
  });

  it('catches an entry re-hashed after editing, at the entry after it', () => {
    const entries = chain(3);
    const edited = { ...entries[1]!, description: 'Edited' };
    edited.hash = entryHash(edited, edited.previousHash);
    entries[1] = edited;
    expect(verifyChain(entries)).toMatchObject({ valid: false, firstBadEntryId: entries[2]!.id });
  });

  it('separates fields, so moving text between them changes the hash', () => {
    const [entry] = chain(1);
    const moved = { ...entry!, description: 'Deposit', reference: null, counterparty: 'x' };
    expect(entryHash(moved, GENESIS_HASH)).not.toBe(entry!.hash);
  });

  it('appends a batch onto the head so the whole chain verifies as if posted one by one', () => {
    const first = chain(3);
    const batch = appendToChain(first.at(-1)!.hash, entries(4, 4));
    expect(batch[0]!.previousHash).toBe(first.at(-1)!.hash);
    expect(verifyChain([...first, ...batch])).toEqual({ valid: true, entriesChecked: 7 });
  });
});
