import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import {
  claimIdempotencyKeys,
  enqueueEvents,
  inFirmTransaction,
  releaseIdempotencyKeys,
  storeIdempotentResponses,
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
import { chainedEntry, journalRow, type PostedEntry, type Posting } from './posting';

/** The ledger a command posts to: a client's matter ledger, or the account's firm-funds ledger. */
export type LedgerTarget = { matterId: string; clientId: string } | 'FIRM_FUNDS';

/** A row a command records beside its journal entry, written with the batch's others. */
export type RecordedRow =
  | { table: 'deposits'; row: Insertable<DepositsTable> }
  | { table: 'disbursements'; row: Insertable<DisbursementsTable> };

/** What a command decided: its rows, its events and its answer (JSON, stored with its key). */
export interface BatchDecision<T> {
  rows: RecordedRow[];
  events: EventEnvelope<unknown>[];
  response: T;
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
 * Runs commands of one firm on one trust account in one transaction, with one statement per
 * step for all of them: claim the idempotency keys, lock the ledgers (by id) and then the
 * account row, decide each command in order in memory, then write ledgers, journal entries,
 * recorded rows, events and answers. The locks and their order are those of `postEntries`, so
 * batches and single commands serialise on the same rows. Refused commands give their keys back.
 * A database error fails the whole batch (the caller then runs its commands one by one).
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
    const claimed: number[] = [];
    claims.forEach((claim, index) => {
      if (claim.status === 'claimed') claimed.push(index);
      else
        outcomes[index] =
          claim.status === 'repeat'
            ? { ok: true, value: claim.response }
            : { ok: false, error: claim.error };
    });
    if (claimed.length === 0) return outcomes;

    const decided = await decideAll(
      tx,
      firmId,
      trustAccountId,
      claimed.map((index) => commands[index]!),
    );
    decided.outcomes.forEach((outcome, position) => {
      outcomes[claimed[position]!] = outcome;
    });
    await write(tx, firmId, trustAccountId, decided);
    await storeIdempotentResponses(
      tx,
      firmId,
      decided.outcomes.flatMap((outcome, position) =>
        outcome.ok
          ? [{ key: commands[claimed[position]!]!.idempotencyKey, response: outcome.value }]
          : [],
      ),
    );
    await releaseIdempotencyKeys(
      tx,
      firmId,
      decided.outcomes.flatMap((outcome, position) =>
        outcome.ok ? [] : [commands[claimed[position]!]!.idempotencyKey],
      ),
    );
    return outcomes;
  });
}

interface LedgerState {
  row: LedgerRow;
  balanceMinor: bigint;
  unclearedMinor: bigint;
}

interface Decided {
  outcomes: BatchOutcome[];
  ledgers: LedgerState[];
  entries: PostedEntry[];
  head: { sequence: bigint; hash: string } | null;
  rows: RecordedRow[];
  events: EventEnvelope<unknown>[];
}

async function decideAll(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  trustAccountId: string,
  commands: readonly BatchedCommand<unknown>[],
): Promise<Decided> {
  const decided: Decided = {
    outcomes: [],
    ledgers: [],
    entries: [],
    head: null,
    rows: [],
    events: [],
  };
  const account = await tx
    .selectFrom('trust_accounts')
    .selectAll()
    .where('id', '=', trustAccountId)
    .executeTakeFirst();
  if (!account) {
    decided.outcomes = commands.map(() => ({ ok: false, error: accountNotFound(trustAccountId) }));
    return decided;
  }

  const matterIds = [
    ...new Set(
      commands.flatMap((command) =>
        command.ledger === 'FIRM_FUNDS' ? [] : [command.ledger.matterId],
      ),
    ),
  ];
  const matters = new Map(
    matterIds.length === 0
      ? []
      : (
          await tx.selectFrom('matters').selectAll().where('matter_id', 'in', matterIds).execute()
        ).map((matter) => [matter.matter_id, matter]),
  );
  const ledgers = await lockLedgers(tx, firmId, account, commands, matters);
  const locked = await tx
    .selectFrom('trust_accounts')
    .select(['journal_sequence', 'journal_head_hash', 'locked_through'])
    .where('id', '=', trustAccountId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
  const lockedAccount: AccountRow = { ...account, ...locked };
  let head = { sequence: locked.journal_sequence, hash: locked.journal_head_hash };
  const recordedAt = new Date();

  for (const command of commands) {
    const turn = {
      head,
      entries: decided.entries.length,
      states: new Map<LedgerState, LedgerState>(),
    };
    try {
      const matter =
        command.ledger === 'FIRM_FUNDS'
          ? null
          : knownMatter(
              matters.get(command.ledger.matterId),
              command.ledger.matterId,
              command.ledger.clientId,
            );
      const state = matter ? ledgers.byMatter.get(matter.matter_id)! : ledgers.firmFunds!;
      const ledger = (): LedgerRow => ({
        ...state.row,
        balance_minor: state.balanceMinor,
        uncleared_minor: state.unclearedMinor,
      });
      const decision = command.decide({
        account: lockedAccount,
        matter,
        ledger: ledger(),
        post(posting) {
          requireOpenPeriod(posting.effectiveDate, locked.locked_through);
          const before = { balanceMinor: state.balanceMinor, unclearedMinor: state.unclearedMinor };
          const after = moveFunds(
            { ...before, currency: account.currency },
            {
              amountMinor: posting.amountMinor,
              unclearedDeltaMinor: posting.unclearedDeltaMinor ?? 0n,
              guarded: posting.guarded,
            },
          );
          if (!turn.states.has(state)) turn.states.set(state, { ...state });
          state.balanceMinor = after.balanceMinor;
          state.unclearedMinor = after.unclearedMinor;
          const [entry] = appendToChain(head.hash, [
            chainedEntry(
              lockedAccount,
              { ...posting, ledger: state.row },
              head.sequence + 1n,
              command.context.identity.userId,
              recordedAt,
            ),
          ]);
          head = { sequence: entry!.sequence, hash: entry!.hash };
          const posted = {
            row: journalRow(firmId, entry!),
            balanceBeforeMinor: before.balanceMinor,
            balanceAfterMinor: after.balanceMinor,
          };
          decided.entries.push(posted);
          return posted;
        },
      });
      decided.rows.push(...decision.rows);
      decided.events.push(...decision.events);
      decided.outcomes.push({ ok: true, value: decision.response });
    } catch (error) {
      // This command alone is refused: its postings are taken back out of the batch.
      for (const [state, saved] of turn.states) {
        state.balanceMinor = saved.balanceMinor;
        state.unclearedMinor = saved.unclearedMinor;
      }
      decided.entries.length = turn.entries;
      head = turn.head;
      decided.outcomes.push({ ok: false, error });
    }
  }
  decided.ledgers = [
    ...ledgers.byMatter.values(),
    ...(ledgers.firmFunds ? [ledgers.firmFunds] : []),
  ];
  decided.head = decided.entries.length > 0 ? head : null;
  return decided;
}

/** Opens the matter ledgers on first use, then locks every ledger the batch posts to, by id. */
async function lockLedgers(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  account: AccountRow,
  commands: readonly BatchedCommand<unknown>[],
  matters: ReadonlyMap<string, MatterRow>,
) {
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
  const state = (row: LedgerRow): LedgerState => ({
    row,
    balanceMinor: row.balance_minor,
    unclearedMinor: row.uncleared_minor,
  });
  const firmFunds = rows.find((row) => row.kind === 'FIRM_FUNDS');
  return {
    byMatter: new Map(
      rows.flatMap((row) => (row.matter_id === null ? [] : [[row.matter_id, state(row)] as const])),
    ),
    firmFunds: firmFunds ? state(firmFunds) : undefined,
  };
}

async function write(
  tx: Transaction<TrustDatabase>,
  firmId: string,
  trustAccountId: string,
  decided: Decided,
): Promise<void> {
  const moved = decided.ledgers.filter(
    (state) =>
      state.balanceMinor !== state.row.balance_minor ||
      state.unclearedMinor !== state.row.uncleared_minor,
  );
  if (moved.length > 0) {
    await sql`
      update ledgers set balance_minor = moved.balance, uncleared_minor = moved.uncleared
      from unnest(${moved.map((state) => state.row.id)}::uuid[],
                  ${moved.map((state) => state.balanceMinor.toString())}::bigint[],
                  ${moved.map((state) => state.unclearedMinor.toString())}::bigint[])
        as moved(id, balance, uncleared)
      where ledgers.id = moved.id and ledgers.firm_id = ${firmId}::uuid`.execute(tx);
  }
  if (decided.entries.length > 0) {
    await tx
      .insertInto('journal_entries')
      .values(decided.entries.map((entry) => entry.row))
      .execute();
  }
  const deposits = decided.rows.flatMap((recorded) =>
    recorded.table === 'deposits' ? [recorded.row] : [],
  );
  if (deposits.length > 0) await tx.insertInto('deposits').values(deposits).execute();
  const disbursements = decided.rows.flatMap((recorded) =>
    recorded.table === 'disbursements' ? [recorded.row] : [],
  );
  if (disbursements.length > 0)
    await tx.insertInto('disbursements').values(disbursements).execute();
  await enqueueEvents(tx, decided.events);
  if (decided.head) {
    await tx
      .updateTable('trust_accounts')
      .set({ journal_sequence: decided.head.sequence, journal_head_hash: decided.head.hash })
      .where('id', '=', trustAccountId)
      .execute();
  }
}
