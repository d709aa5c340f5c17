import { moveFunds } from '../domain/available-funds';
import { appendToChain } from '../domain/hash-chain';
import { reserveTransfer } from '../domain/operating-transfer';
import { requireOpenPeriod } from '../domain/trust-errors';
import {
  knownInvoice,
  knownMatter,
  type AccountRow,
  type InvoiceRow,
  type LedgerRow,
  type MatterRow,
} from './lookup';
import { chainedEntry, journalEntryOf, journalRow, type PostedEntry } from './posting';
import { namedInvoiceId, namedMatter, type LedgerTarget } from './ledger-target';
import type { BatchDecision, BatchedCommand, BatchScope } from './posting-batch';
import type { LockedLedgers } from './posting-batch-reads';

// The batch's decisions, in memory: each command in arrival order against the ledgers and
// invoices as the commands before it left them.

export interface BatchView {
  matters: ReadonlyMap<string, MatterRow>;
  invoices: ReadonlyMap<string, InvoiceRow>;
  ledgers: LockedLedgers;
}

export interface LedgerState {
  row: LedgerRow;
  balanceMinor: bigint;
  unclearedMinor: bigint;
}

export interface InvoiceState {
  row: InvoiceRow;
  unappliedTransfersMinor: bigint;
}

export type Verdict =
  { ok: true; decision: BatchDecision<unknown> } | { ok: false; error: unknown };

export interface Decided {
  verdicts: Verdict[];
  /** The ledgers and invoices the batch touched, as it leaves them. */
  ledgers: LedgerState[];
  invoices: InvoiceState[];
  /** Accepted entries in posting order; their sequence and hashes are set by `chainEntries`. */
  entries: PostedEntry[];
}

export function decideAll(
  commands: readonly BatchedCommand<unknown>[],
  account: AccountRow,
  view: BatchView,
): Decided {
  const ledgers = new Map<LedgerRow, LedgerState>();
  const invoices = new Map<InvoiceRow, InvoiceState>();
  const ledgerState = (row: LedgerRow) =>
    ledgers.get(row) ??
    ledgers
      .set(row, { row, balanceMinor: row.balance_minor, unclearedMinor: row.uncleared_minor })
      .get(row)!;
  const invoiceState = (row: InvoiceRow) =>
    invoices.get(row) ??
    invoices.set(row, { row, unappliedTransfersMinor: row.unapplied_transfers_minor }).get(row)!;
  const entries: PostedEntry[] = [];
  const recordedAt = new Date();

  const verdicts = commands.map((command): Verdict => {
    const entriesBefore = entries.length;
    const undo: (() => void)[] = [];
    try {
      const invoiceId = namedInvoiceId(command.ledger);
      const invoice =
        invoiceId === null
          ? null
          : invoiceState(knownInvoice(view.invoices.get(invoiceId), invoiceId));
      const matter = targetMatter(command.ledger, invoice?.row ?? null, view);
      const state = ledgerState(
        matter ? view.ledgers.byMatter.get(matter.matter_id)! : view.ledgers.firmFunds!,
      );
      const scope: BatchScope = {
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
        post(posting) {
          requireOpenPeriod(posting.effectiveDate, account.locked_through);
          const before = { balanceMinor: state.balanceMinor, unclearedMinor: state.unclearedMinor };
          const after = moveFunds(
            { ...before, currency: account.currency },
            {
              amountMinor: posting.amountMinor,
              unclearedDeltaMinor: posting.unclearedDeltaMinor ?? 0n,
              guarded: posting.guarded,
            },
          );
          undo.push(() => Object.assign(state, before));
          state.balanceMinor = after.balanceMinor;
          state.unclearedMinor = after.unclearedMinor;
          // Placed in the chain (sequence, hashes) once the account row is locked.
          const entry = chainedEntry(
            account,
            { ...posting, ledger: state.row },
            0n,
            command.trust.caller.userId,
            recordedAt,
          );
          const posted = {
            row: journalRow(account.firm_id, { ...entry, previousHash: '', hash: '' }),
            balanceBeforeMinor: before.balanceMinor,
            balanceAfterMinor: after.balanceMinor,
          };
          entries.push(posted);
          return posted;
        },
        reserveTransfer(amountMinor) {
          if (!invoice)
            throw new Error(`${command.operation} names no invoice to transfer against`);
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
        },
      };
      return { ok: true, decision: command.decide(scope) };
    } catch (error) {
      // This command alone is refused: what it posted or reserved is taken back out of the batch.
      for (const step of undo.reverse()) step();
      entries.length = entriesBefore;
      return { ok: false, error };
    }
  });
  return {
    verdicts,
    ledgers: [...ledgers.values()],
    invoices: [...invoices.values()],
    entries,
  };
}

/** The matter whose ledger a target names (none for the firm-funds ledger); NOT_FOUND if unknown. */
function targetMatter(
  target: LedgerTarget,
  invoice: InvoiceRow | null,
  view: BatchView,
): MatterRow | null {
  if (invoice) {
    return knownMatter(view.matters.get(invoice.matter_id), invoice.matter_id, invoice.client_id);
  }
  const named = namedMatter(target);
  return named && knownMatter(view.matters.get(named.matterId), named.matterId, named.clientId);
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
      ...journalEntryOf(posted.row),
      sequence: head.journal_sequence + BigInt(index + 1),
    })),
  );
  chained.forEach((entry, index) => Object.assign(entries[index]!.row, journalRow(firmId, entry)));
}
