import type { Kysely, Transaction } from 'kysely';
import {
  claimIdempotencyKeys,
  inFirmTransaction,
  releaseIdempotencyKeys,
} from '@lexfin/persistence';
import { NotFoundError } from '@lexfin/platform';
import type { TrustDatabase } from '../../../db/schema';
import { accountNotFound } from '../../lookup';
import { chainEntries, decideAll } from './decide';
import {
  lockAccountHead,
  lockInvoices,
  lockLedgers,
  lockSubject,
  loadMatters,
  loadNamedMatters,
} from './reads';
import { writeBatch } from './write';
import type { BatchOutcome, JournalCommand, PlacedCommand, SubjectCommand } from './types';

/**
 * Runs commands of one firm on one trust account in one transaction, each step one statement
 * for all of them. Before the account row is locked: claim the keys, lock the rows the commands
 * change (their subjects, the invoices), open and lock the ledgers (by id), decide each command
 * in order in memory. Then lock the account row, decide again only if a sign-off moved the
 * locked period meanwhile, chain the entries onto the journal head and write everything in one
 * statement before the commit, so the account is held for as little as possible. Refused
 * commands give their keys back. A database error fails the whole batch (the queue then runs
 * its commands one by one).
 */
export async function runPostingBatch(
  db: Kysely<TrustDatabase>,
  commands: readonly JournalCommand<unknown>[],
): Promise<BatchOutcome[]> {
  const firmId = commands[0]!.trust.caller.firmId;
  return inFirmTransaction(db, firmId, async (tx) => {
    const outcomes: BatchOutcome[] = [];
    const claimed = await claimKeys(tx, firmId, commands, outcomes);
    const placed = await placeCommands(tx, claimed, outcomes);
    const refused = claimed.filter(({ position }) => outcomes[position]);
    if (refused.length > 0) {
      const keys = refused.map(({ command }) => command.idempotencyKey);
      await releaseIdempotencyKeys(tx, firmId, keys);
    }
    if (placed.length === 0) return outcomes;
    const answers = await decideAndWrite(tx, firmId, placed, commands[0]!.trust.clock());
    answers.forEach((outcome, index) => {
      outcomes[placed[index]!.position] = outcome;
    });
    return outcomes;
  });
}

/** Runs a command on a row it changes: a batch of one, in its own transaction. */
export async function runJournalCommand<T>(command: SubjectCommand<T>): Promise<T> {
  const [outcome] = await runPostingBatch(command.trust.db, [command]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value as T;
}

interface Claimed {
  command: JournalCommand<unknown>;
  position: number;
}

/** Claims all keys in one statement; a repeat gets its stored answer, a misused key CONFLICT. */
async function claimKeys(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  commands: readonly JournalCommand<unknown>[],
  outcomes: BatchOutcome[],
): Promise<Claimed[]> {
  const claims = await claimIdempotencyKeys(
    tx,
    firmId,
    commands.map((command) => ({
      key: command.idempotencyKey,
      operation: command.operation,
      input: command.input,
    })),
  );
  return claims.flatMap((claim, position) => {
    if (claim.status === 'claimed') return [{ command: commands[position]!, position }];
    outcomes[position] =
      claim.status === 'repeat'
        ? { ok: true, value: claim.response }
        : { ok: false, error: claim.error };
    return [];
  });
}

/**
 * Each claimed command's account and ledger: named by the command, or those of the row it
 * changes, which is locked here. A command whose row does not exist is refused.
 */
async function placeCommands(
  tx: Transaction<TrustDatabase>,
  claimed: readonly Claimed[],
  outcomes: BatchOutcome[],
): Promise<(PlacedCommand & { position: number })[]> {
  const placed: (PlacedCommand & { position: number })[] = [];
  for (const { command, position } of claimed) {
    if (!('subject' in command)) {
      const { trustAccountId, ledger } = command;
      placed.push({ command, position, trustAccountId, ledger, subject: {} });
      continue;
    }
    try {
      const { trustAccountId, ledger, rows } = await lockSubject(tx, command.subject);
      placed.push({ command, position, trustAccountId, ledger, subject: rows });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      outcomes[position] = { ok: false, error };
    }
  }
  return placed;
}

/** Reads and locks what the commands need, decides them, chains their entries and writes. */
async function decideAndWrite(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  placed: readonly (PlacedCommand & { position: number })[],
  recordedAt: Date,
): Promise<BatchOutcome[]> {
  const trustAccountId = placed[0]!.trustAccountId;
  if (placed.some((command) => command.trustAccountId !== trustAccountId)) {
    throw new Error('a posting batch holds the commands of one trust account');
  }
  const account = await tx
    .selectFrom('trust_accounts')
    .selectAll()
    .where('id', '=', trustAccountId)
    .executeTakeFirst();
  if (!account) {
    await releaseIdempotencyKeys(
      tx,
      firmId,
      placed.map(({ command }) => command.idempotencyKey),
    );
    return placed.map(() => ({ ok: false, error: accountNotFound(trustAccountId) }));
  }
  const targets = placed.map((command) => command.ledger);
  const invoices = await lockInvoices(tx, targets);
  const matters = await loadNamedMatters(tx, targets, invoices);
  const ledgers = await lockLedgers(tx, account, targets, matters);
  const ledgerMatters = [...ledgers.byId.values()].flatMap((ledger) =>
    ledger.matter_id === null || matters.has(ledger.matter_id) ? [] : [ledger.matter_id],
  );
  for (const [id, matter] of await loadMatters(tx, ledgerMatters)) matters.set(id, matter);
  const view = { matters, invoices, ledgers };
  let decided = decideAll(placed, account, view, recordedAt);

  if (decided.entries.length > 0) {
    const head = await lockAccountHead(tx, trustAccountId);
    if (head.locked_through !== account.locked_through) {
      decided = decideAll(placed, { ...account, ...head }, view, recordedAt);
    }
    chainEntries(firmId, head, decided.entries);
  }
  const answers = decided.verdicts.map((verdict): BatchOutcome =>
    verdict.ok ? { ok: true, value: verdict.decision.answer() } : verdict,
  );
  await writeBatch(tx, {
    firmId,
    trustAccountId,
    decided,
    answers: answers.flatMap((outcome, index) =>
      outcome.ok ? [{ key: placed[index]!.command.idempotencyKey, response: outcome.value }] : [],
    ),
    releasedKeys: answers.flatMap((outcome, index) =>
      outcome.ok ? [] : [placed[index]!.command.idempotencyKey],
    ),
  });
  return answers;
}
