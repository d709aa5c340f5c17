import type { Insertable, Kysely } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import {
  claimIdempotencyKeys,
  inFirmTransaction,
  releaseIdempotencyKeys,
} from '@lexfin/persistence';
import type {
  DepositsTable,
  DisbursementsTable,
  OperatingTransfersTable,
  TrustDatabase,
} from '../db/schema';
import type { TrustScope } from './trust-scope';
import { accountNotFound, type AccountRow, type LedgerRow, type MatterRow } from './lookup';
import { chainEntries, decideAll } from './posting-batch-decide';
import { lockInvoices, lockLedgers, loadMatters, lockAccountHead } from './posting-batch-reads';
import { writeBatch } from './posting-batch-write';
import type { PostedEntry, Posting } from './posting';
import type { InvoiceRow } from './lookup';
import type { LedgerTarget } from './ledger-target';

/** A row a command records beside its journal entry, written with the batch's others. */
export type RecordedRow =
  | { table: 'deposits'; row: Insertable<DepositsTable> }
  | { table: 'disbursements'; row: Insertable<DisbursementsTable> }
  | { table: 'operating_transfers'; row: Insertable<OperatingTransfersTable> };

/**
 * What a command decided: its rows, its events, and its answer (JSON, stored with its key),
 * made once the batch has placed its entries in the journal (their sequence and hash).
 */
export interface BatchDecision<T> {
  rows: RecordedRow[];
  events: EventEnvelope<unknown>[];
  answer(): T;
}

/** The account, ledger and invoice as they stand at this command's turn in the batch. */
export interface BatchScope {
  account: AccountRow;
  matter: MatterRow | null;
  ledger: LedgerRow;
  /** The invoice of an `{ invoiceId }` target, with the transfers held against it so far. */
  invoice: InvoiceRow | null;
  /** Posts one entry to the command's ledger; throws the refusal and posts nothing. */
  post(posting: Omit<Posting, 'ledger'>): PostedEntry;
  /** Holds a transfer against the invoice (OVER_TRANSFER beyond what is open). */
  reserveTransfer(amountMinor: bigint): void;
}

/**
 * A posting command that may share a transaction with others on the same trust account. Its
 * rules live in `decide`, which runs without I/O against the batch's locked view; throwing
 * refuses this command alone, and whatever it had posted or reserved is taken back.
 */
export interface BatchedCommand<T> {
  trust: TrustScope;
  operation: string;
  idempotencyKey: string;
  /** The request as the caller sent it, for the idempotency check. */
  input: unknown;
  trustAccountId: string;
  ledger: LedgerTarget;
  decide(scope: BatchScope): BatchDecision<T>;
}

export type BatchOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs commands of one firm on one trust account in one transaction, each step one statement
 * for all of them. Before the account row is locked: claim the keys, lock the invoices, open and
 * lock the ledgers (by id), decide each command in order in memory. Then lock the account row
 * (the lock order of `postEntries`, so batches and single commands serialise on the same rows),
 * decide again only if a sign-off moved the locked period meanwhile, chain the entries onto the
 * journal head and write everything in two statements before the commit, so the account is held
 * for as little as possible. Refused commands give their keys back. A database error fails the
 * whole batch (the caller then runs its commands one by one).
 */
export async function runPostingBatch(
  db: Kysely<TrustDatabase>,
  commands: readonly BatchedCommand<unknown>[],
): Promise<BatchOutcome[]> {
  const firmId = commands[0]!.trust.caller.firmId;
  const trustAccountId = commands[0]!.trustAccountId;
  return inFirmTransaction(db, firmId, async (tx) => {
    const outcomes: BatchOutcome[] = [];
    const claims = await claimIdempotencyKeys(
      tx,
      firmId,
      commands.map((command) => ({
        key: command.idempotencyKey,
        operation: command.operation,
        input: command.input,
      })),
    );
    const claimed: BatchedCommand<unknown>[] = [];
    const positions: number[] = [];
    claims.forEach((claim, index) => {
      if (claim.status === 'claimed') {
        claimed.push(commands[index]!);
        positions.push(index);
      } else {
        outcomes[index] =
          claim.status === 'repeat'
            ? { ok: true, value: claim.response }
            : { ok: false, error: claim.error };
      }
    });
    if (claimed.length === 0) return outcomes;

    const account = await tx
      .selectFrom('trust_accounts')
      .selectAll()
      .where('id', '=', trustAccountId)
      .executeTakeFirst();
    if (!account) {
      const keys = claimed.map((command) => command.idempotencyKey);
      await releaseIdempotencyKeys(tx, firmId, keys);
      for (const position of positions) {
        outcomes[position] = { ok: false, error: accountNotFound(trustAccountId) };
      }
      return outcomes;
    }
    const invoices = await lockInvoices(tx, claimed);
    const matters = await loadMatters(tx, claimed, invoices);
    const ledgers = await lockLedgers(tx, account, claimed, matters);
    const view = { matters, invoices, ledgers };
    let decided = decideAll(claimed, account, view);

    const head = await lockAccountHead(tx, trustAccountId);
    if (head.locked_through !== account.locked_through) {
      decided = decideAll(claimed, { ...account, ...head }, view);
    }
    chainEntries(firmId, head, decided.entries);
    const answers = decided.verdicts.map((verdict): BatchOutcome =>
      verdict.ok ? { ok: true, value: verdict.decision.answer() } : verdict,
    );
    answers.forEach((outcome, index) => {
      outcomes[positions[index]!] = outcome;
    });
    await writeBatch(tx, {
      firmId,
      trustAccountId,
      decided,
      answers: answers.flatMap((outcome, index) =>
        outcome.ok ? [{ key: claimed[index]!.idempotencyKey, response: outcome.value }] : [],
      ),
      releasedKeys: answers.flatMap((outcome, index) =>
        outcome.ok ? [] : [claimed[index]!.idempotencyKey],
      ),
    });
    return outcomes;
  });
}
