import { randomUUID } from 'node:crypto';
import { moveFunds, type LedgerMovement } from '../../../domain/available-funds';
import { appendToChain } from '../../../domain/hash-chain';
import { requireLedgerUse } from '../../../domain/ledger-use';
import { reserveTransfer } from '../../../domain/operating-transfer';
import { requireOpenPeriod } from '../../../domain/trust-errors';
import {
  knownInvoice,
  knownMatter,
  type AccountRow,
  type InvoiceRow,
  type LedgerRow,
  type MatterRow,
} from '../../lookup';
import { journalEntry, journalRow } from '../../journal-row';
import { namedInvoiceId, namedLedgerId, namedMatter, type LedgerTarget } from './ledger-target';
import type {
  BatchScope,
  BatchView,
  Decided,
  InvoiceState,
  LedgerState,
  PlacedCommand,
  PostedEntry,
  Posting,
  Verdict,
} from './types';

// The batch's decisions, in memory: each command in arrival order against the ledgers and
// invoices as the commands before it left them. Every trust rule a posting meets is applied here,
// through the pure functions of src/domain: the period lock (`requireOpenPeriod`), what a ledger
// may take (`requireLedgerUse`), the ledger's collected funds (`moveFunds`) and the invoice's
// open amount (`reserveTransfer`).

/** The ledgers, invoices and entries of a batch as its commands, one after another, move them. */
class BatchBook {
  readonly ledgers = new Map<LedgerRow, LedgerState>();
  readonly invoices = new Map<InvoiceRow, InvoiceState>();
  readonly entries: PostedEntry[] = [];
  constructor(
    readonly account: AccountRow,
    readonly view: BatchView,
    readonly recordedAt: Date,
  ) {}

  ledger(row: LedgerRow): LedgerState {
    let state = this.ledgers.get(row);
    if (!state) {
      state = { row, balanceMinor: row.balance_minor, unclearedMinor: row.uncleared_minor };
      this.ledgers.set(row, state);
    }
    return state;
  }

  invoice(row: InvoiceRow): InvoiceState {
    let state = this.invoices.get(row);
    if (!state) {
      state = { row, unappliedTransfersMinor: row.unapplied_transfers_minor };
      this.invoices.set(row, state);
    }
    return state;
  }
}

export function decideAll(
  placed: readonly PlacedCommand[],
  account: AccountRow,
  view: BatchView,
  recordedAt: Date,
): Decided {
  const book = new BatchBook(account, view, recordedAt);
  const verdicts = placed.map((command) => decideOne(book, command));
  return {
    verdicts,
    ledgers: [...book.ledgers.values()],
    invoices: [...book.invoices.values()],
    entries: book.entries,
  };
}

/** One command's verdict; a refused command's postings and reservations are taken back. */
function decideOne(book: BatchBook, placed: PlacedCommand): Verdict {
  const entriesBefore = book.entries.length;
  const undo: (() => void)[] = [];
  try {
    return { ok: true, decision: placed.command.decide(scopeFor(book, placed, undo)) };
  } catch (error) {
    for (const step of undo.reverse()) step();
    book.entries.length = entriesBefore;
    return { ok: false, error };
  }
}

/** The command's view of the batch and the moves it may make, each recorded in `undo`. */
function scopeFor(book: BatchBook, placed: PlacedCommand, undo: (() => void)[]): BatchScope {
  const { account, view } = book;
  const invoiceId = namedInvoiceId(placed.ledger);
  const invoice =
    invoiceId === null ? null : book.invoice(knownInvoice(view.invoices.get(invoiceId), invoiceId));
  const target = targetOf(placed.ledger, invoice?.row ?? null, view);
  const state = book.ledger(target.ledger);
  const matter = target.matter;
  const move = (movement: LedgerMovement) => moveLedger(state, account.currency, movement, undo);
  return {
    account,
    matter,
    ledger: {
      ...state.row,
      balance_minor: state.balanceMinor,
      uncleared_minor: state.unclearedMinor,
    },
    invoice: invoice
      ? { ...invoice.row, unapplied_transfers_minor: invoice.unappliedTransfersMinor }
      : null,
    subject: placed.subject,
    post(posting) {
      requireOpenPeriod(posting.effectiveDate, account.locked_through);
      requireLedgerUse(state.row.kind, posting.entryType);
      const balance = move({
        amountMinor: posting.amountMinor,
        unclearedDeltaMinor: posting.unclearedDeltaMinor ?? 0n,
        guarded: posting.guarded,
      });
      const posted = {
        row: unchainedRow(book, state.row, posting, placed.command.trust.caller.userId),
        balanceBeforeMinor: balance.before,
        balanceAfterMinor: balance.after,
      };
      book.entries.push(posted);
      return posted;
    },
    requireAvailable(amountMinor) {
      // The payment as if it were made now, taken back at once: the ledger must cover it.
      const made = undo.length;
      move({ amountMinor: -amountMinor, unclearedDeltaMinor: 0n, guarded: true });
      for (const step of undo.splice(made).reverse()) step();
    },
    clearFunds(amountMinor) {
      move({ amountMinor: 0n, unclearedDeltaMinor: -amountMinor, guarded: false });
    },
    reserveTransfer(amountMinor) {
      if (!invoice) {
        throw new Error(`${placed.command.operation} names no invoice to transfer against`);
      }
      reserveOn(invoice, amountMinor, undo);
    },
  };
}

/** Moves the ledger by the rule of `moveFunds` (throwing its refusal), recording the undo. */
function moveLedger(
  state: LedgerState,
  currency: string,
  movement: LedgerMovement,
  undo: (() => void)[],
): { before: bigint; after: bigint } {
  const before = { balanceMinor: state.balanceMinor, unclearedMinor: state.unclearedMinor };
  const after = moveFunds({ ...before, currency }, movement);
  undo.push(() => Object.assign(state, before));
  state.balanceMinor = after.balanceMinor;
  state.unclearedMinor = after.unclearedMinor;
  return { before: before.balanceMinor, after: after.balanceMinor };
}

/** Holds a transfer against the invoice by the rule of `reserveTransfer`, recording the undo. */
function reserveOn(invoice: InvoiceState, amountMinor: bigint, undo: (() => void)[]): void {
  const reserved = reserveTransfer(
    {
      invoiceId: invoice.row.invoice_id,
      currency: invoice.row.currency,
      billingOpenMinor: invoice.row.billing_open_minor,
      unappliedTransfersMinor: invoice.unappliedTransfersMinor,
    },
    amountMinor,
  );
  const before = invoice.unappliedTransfersMinor;
  undo.push(() => {
    invoice.unappliedTransfersMinor = before;
  });
  invoice.unappliedTransfersMinor = reserved.unappliedTransfersMinor;
}

/** The entry as the journal will record it; its sequence and hashes come once the account is locked. */
function unchainedRow(book: BatchBook, ledger: LedgerRow, posting: Posting, recordedBy: string) {
  return journalRow(book.account.firm_id, {
    id: randomUUID(),
    trustAccountId: book.account.id,
    sequence: 0n,
    ledgerId: ledger.id,
    clientId: ledger.client_id,
    matterId: ledger.matter_id,
    entryType: posting.entryType,
    amountMinor: posting.amountMinor,
    currency: book.account.currency,
    effectiveDate: posting.effectiveDate,
    description: posting.description,
    counterparty: posting.counterparty ?? null,
    paymentMethod: posting.paymentMethod ?? null,
    reference: posting.reference ?? null,
    invoiceId: posting.invoiceId ?? null,
    sourceId: posting.sourceId ?? null,
    reversesEntryId: posting.reversesEntryId ?? null,
    recordedBy,
    recordedAt: book.recordedAt,
    previousHash: '',
    hash: '',
  });
}

/**
 * The locked ledger a target names (the reads opened and locked every one the batch names) and its
 * matter (none for the firm-funds ledger); NOT_FOUND for a matter billing has not reported.
 */
function targetOf(
  target: LedgerTarget,
  invoice: InvoiceRow | null,
  view: BatchView,
): { matter: MatterRow | null; ledger: LedgerRow } {
  const ledgerId = namedLedgerId(target);
  if (ledgerId !== null) {
    const ledger = view.ledgers.byId.get(ledgerId)!;
    const matterId = ledger.matter_id;
    return {
      matter: matterId === null ? null : knownMatter(view.matters.get(matterId), matterId),
      ledger,
    };
  }
  const named = invoice
    ? { matterId: invoice.matter_id, clientId: invoice.client_id }
    : namedMatter(target);
  if (!named) return { matter: null, ledger: view.ledgers.firmFunds! };
  const matter = knownMatter(view.matters.get(named.matterId), named.matterId, named.clientId);
  return { matter, ledger: view.ledgers.byMatter.get(matter.matter_id)! };
}

/** Places the batch's entries after the journal head, in posting order, and hashes them. */
export function chainEntries(
  firmId: string,
  head: { journal_sequence: bigint; journal_head_hash: string },
  entries: readonly PostedEntry[],
): void {
  const chained = appendToChain(
    head.journal_head_hash,
    entries.map((posted, index) => ({
      ...journalEntry(posted.row),
      sequence: head.journal_sequence + BigInt(index + 1),
    })),
  );
  chained.forEach((entry, index) => Object.assign(entries[index]!.row, journalRow(firmId, entry)));
}
