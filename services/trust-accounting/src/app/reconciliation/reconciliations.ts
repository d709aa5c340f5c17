import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { BadUserInputError, ConflictError, NotFoundError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, runCommand } from '@lexfin/service-kit';
import { autoMatch } from '../../domain/reconciliation/auto-match';
import type { TrustDatabase } from '../../db/schema';
import type { TrustScope } from '../trust-scope';
import { loadAccount, type AccountRow } from '../lookup';
import {
  reconciliationView,
  unmatchedUpTo,
  type ReconciliationRow,
  type ReconciliationView,
} from '../reports/reconciliation-report';
import { TRUST_APPROVERS, TRUST_BOOKKEEPERS, TRUST_READERS } from '../roles';

type Tx = Transaction<TrustDatabase>;

const UNIQUE_VIOLATION = '23505';

function figures(view: ReconciliationView) {
  return {
    reconciliationId: view.id,
    trustAccountId: view.trustAccountId,
    periodEnd: view.periodEnd,
    adjustedBankBalance: view.adjustedBankBalance,
    journalBalance: view.journalBalance,
    clientLedgersTotal: view.clientLedgersTotal,
  };
}

/**
 * Opens the reconciliation of a period end (one at a time per account, after the last signed-off
 * one) and auto-matches the statement lines and journal entries up to it. A report that does not
 * agree is announced at once, so the discrepancy is worked on before sign-off is attempted.
 */
export function startTrustReconciliation(
  trust: TrustScope,
  idempotencyKey: string,
  input: {
    trustAccountId: string;
    periodEnd: string;
    statementBalanceMinor: bigint;
    currency: string;
  },
): Promise<ReconciliationView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  const request = { operation: 'startTrustReconciliation', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    if (input.currency !== account.currency) {
      throw new BadUserInputError({
        'input.statementBalance.currency': `must be ${account.currency}, the trust account's currency`,
      });
    }
    if (account.locked_through !== null && input.periodEnd <= account.locked_through) {
      throw new BadUserInputError({
        'input.periodEnd': `must be after ${account.locked_through}, the last signed-off period end`,
      });
    }
    const open = await tx
      .selectFrom('reconciliations')
      .select('id')
      .where('trust_account_id', '=', account.id)
      .where('status', '=', 'IN_PROGRESS')
      .executeTakeFirst();
    if (open) {
      throw new ConflictError(
        `Reconciliation ${open.id} of this trust account is in progress: sign it off first`,
        { reconciliationId: open.id },
      );
    }
    const reconciliation = await tx
      .insertInto('reconciliations')
      .values({
        firm_id: account.firm_id,
        id: randomUUID(),
        trust_account_id: account.id,
        period_end: input.periodEnd,
        statement_balance_minor: input.statementBalanceMinor,
        status: 'IN_PROGRESS',
        started_by: trust.caller.userId,
        report: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { lines, entries } = await unmatchedUpTo(tx, account.id, input.periodEnd);
    const matches = autoMatch(lines, entries);
    await sql`
      insert into reconciliation_matches (firm_id, reconciliation_id, statement_line_id, entry_id, matched_by)
      select ${account.firm_id}::uuid, ${reconciliation.id}::uuid, line_id, entry_id, 'AUTO'
      from unnest(${matches.map((m) => m.statementLineId)}::uuid[], ${matches.map((m) => m.entryId)}::uuid[])
        as matched(line_id, entry_id)`.execute(tx);
    const view = await reconciliationView(tx, account, reconciliation);
    if (!view.balanced) {
      await emit(tx, [
        eventOf(trust.caller, trustEvents.reconciliationDiscrepancy, view.id, figures(view)),
      ]);
    }
    return view;
  });
}

/** The reconciliation, locked, with its account; only one in progress may be changed. */
async function lockInProgress(
  tx: Tx,
  reconciliationId: string,
): Promise<{ reconciliation: ReconciliationRow; account: AccountRow }> {
  const reconciliation = await tx
    .selectFrom('reconciliations')
    .selectAll()
    .where('id', '=', reconciliationId)
    .forUpdate()
    .executeTakeFirst();
  if (!reconciliation) {
    throw new NotFoundError(`Reconciliation ${reconciliationId} does not exist`, {
      reconciliationId,
    });
  }
  if (reconciliation.status !== 'IN_PROGRESS') {
    throw new ConflictError(
      `Reconciliation ${reconciliationId} is signed off: its matches are frozen`,
      { reconciliationId },
    );
  }
  return { reconciliation, account: await loadAccount(tx, reconciliation.trust_account_id) };
}

/** A person pairs a statement line with a journal entry the auto-match did not pair. */
export async function matchStatementLine(
  trust: TrustScope,
  input: { reconciliationId: string; statementLineId: string; entryId: string },
): Promise<ReconciliationView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  try {
    return await inFirm(trust.db, trust.caller, async (tx) => {
      const { reconciliation, account } = await lockInProgress(tx, input.reconciliationId);
      const { lines, entries } = await unmatchedUpTo(tx, account.id, reconciliation.period_end);
      const line = lines.find((candidate) => candidate.id === input.statementLineId);
      const entry = entries.find((candidate) => candidate.id === input.entryId);
      const bad: Record<string, string> = {};
      const notOpen = `is not an unmatched item of this trust account up to ${reconciliation.period_end}`;
      if (!line) bad.statementLineId = notOpen;
      if (!entry) bad.entryId = notOpen;
      if (line && entry && line.amountMinor !== entry.amountMinor) {
        bad.entryId = `its amount differs from the statement line's: a match pairs equal amounts`;
      }
      if (Object.keys(bad).length > 0) throw new BadUserInputError(bad);
      await tx
        .insertInto('reconciliation_matches')
        .values({
          firm_id: account.firm_id,
          reconciliation_id: reconciliation.id,
          statement_line_id: input.statementLineId,
          entry_id: input.entryId,
          matched_by: 'MANUAL',
        })
        .execute();
      return reconciliationView(tx, account, reconciliation);
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new ConflictError('The statement line or the entry was matched meanwhile');
    }
    throw error;
  }
}

export function unmatchStatementLine(
  trust: TrustScope,
  input: { reconciliationId: string; statementLineId: string },
): Promise<ReconciliationView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return inFirm(trust.db, trust.caller, async (tx) => {
    const { reconciliation, account } = await lockInProgress(tx, input.reconciliationId);
    const removed = await tx
      .deleteFrom('reconciliation_matches')
      .where('reconciliation_id', '=', reconciliation.id)
      .where('statement_line_id', '=', input.statementLineId)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n) {
      throw new BadUserInputError({
        statementLineId: `is not matched in reconciliation ${reconciliation.id}`,
      });
    }
    return reconciliationView(tx, account, reconciliation);
  });
}

/**
 * A person signs the reconciliation off once (a), (b) and (c) agree; the report is stored as
 * signed, with its matches, and the period is frozen. The account row is locked before the
 * figures are computed, so no entry can land in the period between the check and the lock.
 */
export function signOffTrustReconciliation(
  trust: TrustScope,
  idempotencyKey: string,
  input: { reconciliationId: string },
): Promise<ReconciliationView> {
  allow(trust.caller, TRUST_APPROVERS);
  const request = { operation: 'signOffTrustReconciliation', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const { reconciliation } = await lockInProgress(tx, input.reconciliationId);
    const account = await tx
      .selectFrom('trust_accounts')
      .selectAll()
      .where('id', '=', reconciliation.trust_account_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const view = await reconciliationView(tx, account, reconciliation);
    if (!view.balanced) {
      throw new ConflictError(
        `The three balances do not agree: adjusted bank ${view.adjustedBankBalance.amount}, journal ${view.journalBalance.amount}, client ledgers ${view.clientLedgersTotal.amount}; resolve the items listed first`,
        figures(view),
      );
    }
    const signedOffAt = trust.clock();
    const signed: ReconciliationView = {
      ...view,
      status: 'SIGNED_OFF',
      signedOffBy: trust.caller.userId,
      signedOffAt: signedOffAt.toISOString(),
    };
    await tx
      .updateTable('reconciliations')
      .set({
        status: 'SIGNED_OFF',
        signed_off_by: trust.caller.userId,
        signed_off_at: signedOffAt,
        report: JSON.stringify(signed),
      })
      .where('id', '=', reconciliation.id)
      .execute();
    await tx
      .updateTable('trust_accounts')
      .set({ locked_through: reconciliation.period_end })
      .where('id', '=', account.id)
      .execute();
    await emit(tx, [
      eventOf(trust.caller, trustEvents.reconciliationCompleted, view.id, {
        ...figures(view),
        signedOffBy: trust.caller.userId,
      }),
    ]);
    return signed;
  });
}

export function trustReconciliation(
  trust: TrustScope,
  reconciliationId: string,
): Promise<ReconciliationView> {
  allow(trust.caller, TRUST_READERS);
  return inFirm(trust.db, trust.caller, async (tx) => {
    const reconciliation = await tx
      .selectFrom('reconciliations')
      .selectAll()
      .where('id', '=', reconciliationId)
      .executeTakeFirst();
    if (!reconciliation) {
      throw new NotFoundError(`Reconciliation ${reconciliationId} does not exist`, {
        reconciliationId,
      });
    }
    return reconciliationView(
      tx,
      await loadAccount(tx, reconciliation.trust_account_id),
      reconciliation,
    );
  });
}
