import type { Insertable, Updateable } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import type { ChainedEntry, EntryType } from '../../../domain/journal-entry';
import type {
  DepositsTable,
  DisbursementsTable,
  OperatingTransfersTable,
  ShortagesTable,
} from '../../../db/schema';
import type {
  AccountRow,
  DepositRow,
  DisbursementRow,
  InvoiceRow,
  LedgerRow,
  MatterRow,
  ShortageRow,
} from '../../lookup';
import type { TrustScope } from '../../trust-scope';
import type { JournalRow } from '../../journal-row';
import type { LedgerTarget } from './ledger-target';

// The posting engine's shared types: what a command gives it, what it gives a command, and what
// it carries from one step of a batch to the next. Every engine file and command imports them
// from here, so none imports another's.

/** One journal line a command asks for; the engine adds the ledger, account, sequence and hashes. */
export type Posting = Pick<ChainedEntry, 'amountMinor' | 'effectiveDate' | 'description'> &
  Partial<
    Pick<
      ChainedEntry,
      'counterparty' | 'paymentMethod' | 'reference' | 'invoiceId' | 'sourceId' | 'reversesEntryId'
    >
  > & {
    entryType: EntryType;
    /** Change to the ledger's uncollected deposits (a new uncleared deposit, a returned one...). */
    unclearedDeltaMinor?: bigint;
    /**
     * Money leaving for someone: refused unless the ledger's collected funds cover it. Only a
     * returned deposit posts unguarded, since the bank has already taken the money back.
     */
    guarded: boolean;
  };

export interface PostedEntry {
  row: JournalRow;
  balanceBeforeMinor: bigint;
  balanceAfterMinor: bigint;
}

/** A row a command records beside its journal entry, written with the batch's others. */
export type RecordedRow =
  | { table: 'deposits'; row: Insertable<DepositsTable> }
  | { table: 'disbursements'; row: Insertable<DisbursementsTable> }
  | { table: 'operating_transfers'; row: Insertable<OperatingTransfersTable> }
  | { table: 'shortages'; row: Insertable<ShortagesTable> };

/** A change to the row a command works on, which the batch holds locked. */
export type ChangedRow =
  | { table: 'deposits'; id: string; set: Updateable<DepositsTable> }
  | { table: 'disbursements'; id: string; set: Updateable<DisbursementsTable> }
  | { table: 'shortages'; id: string; set: Updateable<ShortagesTable> };

/**
 * What a command decided: its rows, its events, and its answer (JSON, stored with its key),
 * made once the batch has placed its entries in the journal (their sequence and hash).
 */
export interface BatchDecision<T> {
  rows: RecordedRow[];
  changes?: ChangedRow[];
  events: EventEnvelope<unknown>[];
  answer(): T;
}

/**
 * The row a command changes, named by id: locked before the ledgers (the lock order), and the
 * command's account and ledger are that row's. An entry to reverse is read, and its deposit, if
 * it is a deposit's entry, locked.
 */
export type Subject =
  { depositId: string } | { disbursementId: string } | { entryId: string } | { shortageId: string };

/** The subject's rows as the engine locked and read them (only those of the command's subject). */
export interface SubjectRows {
  deposit?: DepositRow | undefined;
  disbursement?: DisbursementRow;
  entry?: JournalRow;
  shortage?: ShortageRow;
  /** A shortage's returned-deposit entry and the covers posted to it so far, in sequence order. */
  returnedEntryId?: string;
  covers?: JournalRow[];
}

/** The account, ledger and invoice as they stand at this command's turn in the batch. */
export interface BatchScope {
  account: AccountRow;
  matter: MatterRow | null;
  ledger: LedgerRow;
  /** The invoice of an `{ invoiceId }` target, with the transfers held against it so far. */
  invoice: InvoiceRow | null;
  subject: SubjectRows;
  /** Posts one entry to the command's ledger; throws the refusal and posts nothing. */
  post(posting: Posting): PostedEntry;
  /** Refuses unless the ledger's collected funds cover a payment of `amountMinor` (posts nothing). */
  requireAvailable(amountMinor: bigint): void;
  /** Takes a collected deposit's amount off the ledger's uncollected funds (no entry). */
  clearFunds(amountMinor: bigint): void;
  /** Holds a transfer against the invoice (OVER_TRANSFER beyond what is open). */
  reserveTransfer(amountMinor: bigint): void;
}

interface CommandBase<T> {
  trust: TrustScope;
  operation: string;
  idempotencyKey: string;
  /** The request as the caller sent it, for the idempotency check. */
  input: unknown;
  /**
   * The command's rules, run without I/O against the batch's locked view; throwing refuses this
   * command alone, and whatever it had posted or reserved is taken back.
   */
  decide(scope: BatchScope): BatchDecision<T>;
}

/** A command on a ledger of an account it names; it may share a batch with others on it. */
export interface AccountCommand<T> extends CommandBase<T> {
  trustAccountId: string;
  ledger: LedgerTarget;
}

/** A command on a row it changes (a deposit, disbursement, entry or shortage): a batch of one. */
export interface SubjectCommand<T> extends CommandBase<T> {
  subject: Subject;
}

/** Every journal posting is one of these, decided by the engine through `decide`. */
export type JournalCommand<T> = AccountCommand<T> | SubjectCommand<T>;

export type BatchOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A claimed command with its account and ledger known (and its subject locked). */
export interface PlacedCommand {
  command: JournalCommand<unknown>;
  trustAccountId: string;
  ledger: LedgerTarget;
  subject: SubjectRows;
}

export interface LockedLedgers {
  byId: Map<string, LedgerRow>;
  byMatter: Map<string, LedgerRow>;
  firmFunds: LedgerRow | undefined;
}

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
