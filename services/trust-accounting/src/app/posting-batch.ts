import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import {
  claimIdempotencyKeys,
  enqueueEvents,
  idempotencyKeysRelease,
  idempotentResponsesUpdate,
  inFirmTransaction,
  releaseIdempotencyKeys,
} from '@lexfin/persistence';
import { moveFunds } from '../domain/available-funds';
import { appendToChain } from '../domain/hash-chain';
import { requireOpenPeriod } from '../domain/trust-errors';
import type { DepositsTable, DisbursementsTable, TrustDatabase } from '../db/schema';
import type { CommandContext } from './actor';
import {
  accountNotFound,
  knownMatter,
  type AccountRow,
  type LedgerRow,
  type MatterRow,
} from './lookup';
import {
  chainedEntry,
  journalEntryOf,
  journalRow,
  type PostedEntry,
  type Posting,
} from './posting';

/** The ledger a command posts to: a client's matter ledger, or the account's firm-funds ledger. */
export type LedgerTarget = { matterId: string; clientId: string } | 'FIRM_FUNDS';

/** A row a command records beside its journal entry, written with the batch's others. */
export type RecordedRow =
  | { table: 'deposits'; row: Insertable<DepositsTable> }
  | { table: 'disbursements'; row: Insertable<DisbursementsTable> };

/**
 * What a command decided: its rows, its events, and its answer (JSON, stored with its key),
 * made once the batch has placed its entries in the journal (their sequence and hash).
 */
export interface BatchDecision<T> {
  rows: RecordedRow[];
  events: EventEnvelope<unknown>[];
  answer(): T;
}

/** The account and ledger as they stand at this command's turn in the batch. */
export interface BatchScope {
  account: AccountRow;
  matter: MatterRow | null;
  ledger: LedgerRow;
  /** Posts one entry to the command's ledger; throws the refusal and posts nothing. */
  post(posting: Omit<Posting, 'ledger'>): PostedEntry;
}

/**
 * A posting command that may share a transaction with others on the same trust account. Its
 * rules live in `decide`, which runs without I/O against the batch's locked view; throwing
 * refuses this command alone.
 */
export interface BatchedCommand<T> {
  context: CommandContext;
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
 * for all of them. Before the account row is locked: claim the keys, open and lock the ledgers
 * (by id), decide each command in order in memory. Then lock the account row (the lock order of
 * `postEntries`, so batches and single commands serialise on the same rows), decide again only
 * if a sign-off moved the locked period meanwhile, chain the entries onto the journal head and
 * write ledgers, entries, rows, answers and events in two statements before the commit, so the
 * account is held for as little as possible. Refused commands give their keys back. A database
 * error fails the whole batch (the caller then runs its commands one by one).
 */
export async function runPostingBatch(
  db: Kysely<TrustDatabase>,
  commands: readonly BatchedCommand<unknown>[],
): Promise<BatchOutcome[]> {
  const firmId = commands[0]!.context.identity.firmId;
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
      await releaseIdempotencyKeys(
        tx,
        firmId,
        claimed.map((command) => command.idempotencyKey),
      );
      for (const position of positions) {
        outcomes[position] = { ok: false, error: accountNotFound(trustAccountId) };
      }
      return outcomes;
    }
    const matters = await loadMatters(tx, claimed);
    const ledgers = await lockLedgers(tx, firmId, account, claimed, matters);
    let decided = decideAll(claimed, account, matters, ledgers);

    const head = await tx
      .selectFrom('trust_accounts')
      .select(['journal_sequence', 'journal_head_hash', 'locked_through'])
      .where('id', '=', trustAccountId)
      .forNoKeyUpdate()
      .executeTakeFirstOrThrow();
    if (head.locked_through !== account.locked_through) {
      decided = decideAll(claimed, { ...account, ...head }, matters, ledgers);
    }
    chainEntries(firmId, head, decided.entries);
    const answers = decided.verdicts.map((verdict): BatchOutcome =>
      verdict.ok ? { ok: true, value: verdict.decision.answer() } : verdict,
    );
    answers.forEach((outcome, index) => {
      outcomes[positions[index]!] = outcome;
    });
    await writeBatch(
      tx,
      firmId,
      trustAccountId,
      decided,
      [
        ...answers.flatMap((outcome, index) =>
          outcome.ok ? [{ key: claimed[index]!.idempotencyKey, response: outcome.value }] : [],
        ),
      ],
      answers.flatMap((outcome, index) => (outcome.ok ? [] : [claimed[index]!.idempotencyKey])),
    );
    return outcomes;
  });
}

interface LedgerState {
  row: LedgerRow;
  balanceMinor: bigint;
  unclearedMinor: bigint;
}

type Verdict = { ok: true; decision: BatchDecision<unknown> } | { ok: false; error: unknown };

interface Decided {
  verdicts: Verdict[];
  /** The ledgers as the batch leaves them. */
  ledgers: LedgerState[];
  /** Accepted entries in posting order; their sequence and hashes are set by `chainEntries`. */
  entries: PostedEntry[];
}

async function loadMatters(
  tx: Transaction<TrustDatabase>,
  commands: readonly BatchedCommand<unknown>[],
): Promise<Map<string, MatterRow>> {
  const matterIds = [
    ...new Set(
      commands.flatMap((command) =>
        command.ledger === 'FIRM_FUNDS' ? [] : [command.ledger.matterId],
      ),
    ),
  ];
  if (matterIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('matters')
    .selectAll()
    .where('matter_id', 'in', matterIds)
    .execute();
  return new Map(rows.map((matter) => [matter.matter_id, matter]));
}

/** Each command in arrival order against the ledgers as the commands before it left them. */
function decideAll(
  commands: readonly BatchedCommand<unknown>[],
  account: AccountRow,
  matters: ReadonlyMap<string, MatterRow>,
  locked: LockedLedgers,
): Decided {
  const states = new Map<LedgerRow, LedgerState>();
  const stateOf = (row: LedgerRow) => {
    let state = states.get(row);
    if (!state) {
      state = { row, balanceMinor: row.balance_minor, unclearedMinor: row.uncleared_minor };
      states.set(row, state);
    }
    return state;
  };
  const entries: PostedEntry[] = [];
  const recordedAt = new Date();
  const verdicts = commands.map((command): Verdict => {
    const entriesBefore = entries.length;
    const saved = new Map<LedgerState, { balanceMinor: bigint; unclearedMinor: bigint }>();
    try {
      const matter =
        command.ledger === 'FIRM_FUNDS'
          ? null
          : knownMatter(
              matters.get(command.ledger.matterId),
              command.ledger.matterId,
              command.ledger.clientId,
            );
      const state = stateOf(matter ? locked.byMatter.get(matter.matter_id)! : locked.firmFunds!);
      const decision = command.decide({
        account,
        matter,
        ledger: {
          ...state.row,
          balance_minor: state.balanceMinor,
          uncleared_minor: state.unclearedMinor,
        },
        post(posting) {
          requireOpenPeriod(posting.effectiveDate, account.locked_through);
          const before = state.balanceMinor;
          const after = moveFunds(
            {
              balanceMinor: state.balanceMinor,
              unclearedMinor: state.unclearedMinor,
              currency: account.currency,
            },
            {
              amountMinor: posting.amountMinor,
              unclearedDeltaMinor: posting.unclearedDeltaMinor ?? 0n,
              guarded: posting.guarded,
            },
          );
          if (!saved.has(state)) saved.set(state, { ...state });
          state.balanceMinor = after.balanceMinor;
          state.unclearedMinor = after.unclearedMinor;
          // Placed in the chain (sequence, hashes) once the account row is locked.
          const entry = chainedEntry(
            account,
            { ...posting, ledger: state.row },
            0n,
            command.context.identity.userId,
            recordedAt,
          );
          const posted = {
            row: journalRow(account.firm_id, { ...entry, previousHash: '', hash: '' }),
            balanceBeforeMinor: before,
            balanceAfterMinor: after.balanceMinor,
          };
          entries.push(posted);
          return posted;
        },
      });
      return { ok: true, decision };
    } catch (error) {
      // This command alone is refused: its postings are taken back out of the batch.
      for (const [state, before] of saved) Object.assign(state, before);
      entries.length = entriesBefore;
      return { ok: false, error };
    }
  });
  return { verdicts, ledgers: [...states.values()], entries };
}

/** Places the batch's entries after the journal head, in posting order, and hashes them. */
function chainEntries(
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

interface LockedLedgers {
  byMatter: Map<string, LedgerRow>;
  firmFunds: LedgerRow | undefined;
}

/** Opens the matter ledgers on first use, then locks every ledger the batch posts to, by id. */
async function lockLedgers(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  account: AccountRow,
  commands: readonly BatchedCommand<unknown>[],
  matters: ReadonlyMap<string, MatterRow>,
): Promise<LockedLedgers> {
  const known = [...matters.values()];
  if (known.length > 0) {
    await tx
      .insertInto('ledgers')
      .values(
        known.map((matter) => ({
          firm_id: firmId,
          id: randomUUID(),
          trust_account_id: account.id,
          kind: 'CLIENT_MATTER' as const,
          client_id: matter.client_id,
          matter_id: matter.matter_id,
        })),
      )
      .onConflict((conflict) => conflict.columns(['trust_account_id', 'matter_id']).doNothing())
      .execute();
  }
  const needsFirmFunds = commands.some((command) => command.ledger === 'FIRM_FUNDS');
  const rows = await tx
    .selectFrom('ledgers')
    .selectAll()
    .where('trust_account_id', '=', account.id)
    .where((eb) =>
      eb.or([
        ...(known.length > 0 ? [eb('matter_id', 'in', [...matters.keys()])] : []),
        ...(needsFirmFunds ? [eb('kind', '=', 'FIRM_FUNDS')] : []),
      ]),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return {
    byMatter: new Map(
      rows.flatMap((row) => (row.matter_id === null ? [] : [[row.matter_id, row] as const])),
    ),
    firmFunds: rows.find((row) => row.kind === 'FIRM_FUNDS'),
  };
}

/**
 * Everything the batch changes in one statement (data-modifying WITH queries; the foreign keys
 * from deposits and disbursements to their entries are checked at its end), then the events.
 */
async function writeBatch(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  trustAccountId: string,
  decided: Decided,
  answers: readonly { key: string; response: unknown }[],
  releasedKeys: readonly string[],
): Promise<void> {
  const writes: RawBuilder<unknown>[] = [];
  const moved = decided.ledgers.filter(
    (state) =>
      state.balanceMinor !== state.row.balance_minor ||
      state.unclearedMinor !== state.row.uncleared_minor,
  );
  if (moved.length > 0) {
    writes.push(sql`
      update ledgers set balance_minor = moved.balance, uncleared_minor = moved.uncleared
      from unnest(${moved.map((state) => state.row.id)}::uuid[],
                  ${moved.map((state) => state.balanceMinor.toString())}::bigint[],
                  ${moved.map((state) => state.unclearedMinor.toString())}::bigint[])
        as moved(id, balance, uncleared)
      where ledgers.id = moved.id`);
  }
  const entries = decided.entries.map((entry) => entry.row);
  if (entries.length > 0) {
    writes.push(sql`${tx.insertInto('journal_entries').values(entries)}`);
    const last = entries.at(-1)!;
    writes.push(
      sql`${tx
        .updateTable('trust_accounts')
        .set({ journal_sequence: last.sequence, journal_head_hash: last.hash })
        .where('id', '=', trustAccountId)}`,
    );
  }
  const rows = decided.verdicts.flatMap((verdict) => (verdict.ok ? verdict.decision.rows : []));
  const deposits = rows.flatMap((recorded) =>
    recorded.table === 'deposits' ? [recorded.row] : [],
  );
  if (deposits.length > 0) writes.push(sql`${tx.insertInto('deposits').values(deposits)}`);
  const disbursements = rows.flatMap((recorded) =>
    recorded.table === 'disbursements' ? [recorded.row] : [],
  );
  if (disbursements.length > 0) {
    writes.push(sql`${tx.insertInto('disbursements').values(disbursements)}`);
  }
  if (answers.length > 0) writes.push(idempotentResponsesUpdate(firmId, answers));
  if (releasedKeys.length > 0) writes.push(idempotencyKeysRelease(firmId, releasedKeys));
  await sql`with ${sql.join(
    writes.map((write, index) => sql`${sql.id(`write_${index}`)} as (${write})`),
  )} select 1`.execute(tx);
  await enqueueEvents(
    tx,
    decided.verdicts.flatMap((verdict) => (verdict.ok ? verdict.decision.events : [])),
  );
}
