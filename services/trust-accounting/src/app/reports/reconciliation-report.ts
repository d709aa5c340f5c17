import { sql, type Selectable, type Transaction } from 'kysely';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import type { BankLine, BookEntry } from '../../domain/reconciliation/items';
import { reconcileThreeWay } from '../../domain/reconciliation/three-way';
import type { ReconciliationsTable, TrustDatabase } from '../../db/schema';
import type { AccountRow } from '../lookup';
import { trialBalanceAsOf, type TrialBalanceView } from './ledger-reports';

type Tx = Transaction<TrustDatabase>;
export type ReconciliationRow = Selectable<ReconciliationsTable>;

export interface BankLineView {
  id: string;
  bankReference: string;
  postedOn: string;
  amount: MoneyOutput;
  description: string;
  checkNumber: string | null;
}

export interface ReconcilingEntryView {
  id: string;
  entryType: string;
  effectiveDate: string;
  amount: MoneyOutput;
  description: string;
  reference: string | null;
  clientId: string | null;
  matterId: string | null;
}

/** The three-way reconciliation report; a signed-off one is stored as it was signed. */
export interface ReconciliationView {
  id: string;
  trustAccountId: string;
  periodEnd: string;
  status: string;
  statementBalance: MoneyOutput;
  depositsInTransit: ReconcilingEntryView[];
  outstandingChecks: ReconcilingEntryView[];
  unmatchedBankLines: BankLineView[];
  unmatchedJournalEntries: ReconcilingEntryView[];
  cancelledEntries: ReconcilingEntryView[];
  totalDepositsInTransit: MoneyOutput;
  totalOutstandingChecks: MoneyOutput;
  adjustedBankBalance: MoneyOutput;
  journalBalance: MoneyOutput;
  clientLedgersTotal: MoneyOutput;
  balanced: boolean;
  matchedLines: number;
  clientTrialBalance: TrialBalanceView;
  startedBy: string;
  startedAt: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
}

/** Statement lines and journal entries up to the period end that no reconciliation matched. */
export async function unmatchedUpTo(
  tx: Tx,
  trustAccountId: string,
  periodEnd: string,
): Promise<{ lines: BankLine[]; entries: BookEntry[] }> {
  const lines = await tx
    .selectFrom('bank_statement_lines as l')
    .select(['id', 'bank_reference', 'posted_on', 'amount_minor', 'description', 'check_number'])
    .where('l.trust_account_id', '=', trustAccountId)
    .where('l.posted_on', '<=', periodEnd)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reconciliation_matches as m')
            .select('m.entry_id')
            .whereRef('m.statement_line_id', '=', 'l.id'),
        ),
      ),
    )
    .orderBy('l.posted_on')
    .execute();
  const entries = await tx
    .selectFrom('journal_entries as j')
    .select([
      'id',
      'entry_type',
      'effective_date',
      'amount_minor',
      'description',
      'reference',
      'reverses_entry_id',
      'client_id',
      'matter_id',
    ])
    .where('j.trust_account_id', '=', trustAccountId)
    .where('j.effective_date', '<=', periodEnd)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reconciliation_matches as m')
            .select('m.entry_id')
            .whereRef('m.entry_id', '=', 'j.id'),
        ),
      ),
    )
    .orderBy('j.sequence')
    .execute();
  return {
    lines: lines.map((row) => ({
      id: row.id,
      bankReference: row.bank_reference,
      postedOn: row.posted_on,
      amountMinor: row.amount_minor,
      description: row.description,
      checkNumber: row.check_number,
    })),
    entries: entries.map((row) => ({
      id: row.id,
      entryType: row.entry_type,
      effectiveDate: row.effective_date,
      amountMinor: row.amount_minor,
      description: row.description,
      reference: row.reference,
      reversesEntryId: row.reverses_entry_id,
      clientId: row.client_id,
      matterId: row.matter_id,
    })),
  };
}

/**
 * (b) from the journal and (c) from the ledgers' running balances, each brought back to the
 * period end: they are kept apart, so a ledger that drifted from the journal shows.
 */
async function bookBalances(tx: Tx, trustAccountId: string, periodEnd: string) {
  const { rows } = await sql<{ journal: bigint; ledgers: bigint }>`
    select
      (select coalesce(sum(amount_minor), 0) from journal_entries
        where trust_account_id = ${trustAccountId} and effective_date <= ${periodEnd})::bigint as journal,
      ((select coalesce(sum(balance_minor), 0) from ledgers where trust_account_id = ${trustAccountId})
        - (select coalesce(sum(amount_minor), 0) from journal_entries
            where trust_account_id = ${trustAccountId} and effective_date > ${periodEnd}))::bigint as ledgers`.execute(
    tx,
  );
  return rows[0]!;
}

/** The report as it stands now (or as it was signed off). */
export async function reconciliationView(
  tx: Tx,
  account: AccountRow,
  reconciliation: ReconciliationRow,
): Promise<ReconciliationView> {
  if (reconciliation.status === 'SIGNED_OFF') return reconciliation.report as ReconciliationView;
  const periodEnd = reconciliation.period_end;
  const { lines, entries } = await unmatchedUpTo(tx, account.id, periodEnd);
  const books = await bookBalances(tx, account.id, periodEnd);
  const matched = await tx
    .selectFrom('reconciliation_matches')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('reconciliation_id', '=', reconciliation.id)
    .executeTakeFirstOrThrow();
  const result = reconcileThreeWay({
    statementBalanceMinor: reconciliation.statement_balance_minor,
    unmatchedLines: lines,
    unmatchedEntries: entries,
    journalBalanceMinor: books.journal,
    clientLedgersTotalMinor: books.ledgers,
  });
  const money = (minor: bigint) => moneyOutput(minor, account.currency);
  const entryView = (entry: BookEntry): ReconcilingEntryView => ({
    id: entry.id,
    entryType: entry.entryType,
    effectiveDate: entry.effectiveDate,
    amount: money(entry.amountMinor),
    description: entry.description,
    reference: entry.reference,
    clientId: entry.clientId,
    matterId: entry.matterId,
  });
  return {
    id: reconciliation.id,
    trustAccountId: account.id,
    periodEnd,
    status: reconciliation.status,
    statementBalance: money(reconciliation.statement_balance_minor),
    depositsInTransit: result.depositsInTransit.map(entryView),
    outstandingChecks: result.outstandingChecks.map(entryView),
    unmatchedBankLines: result.unmatchedBankLines.map((line) => ({
      id: line.id,
      bankReference: line.bankReference,
      postedOn: line.postedOn,
      amount: money(line.amountMinor),
      description: line.description,
      checkNumber: line.checkNumber,
    })),
    unmatchedJournalEntries: result.unmatchedJournalEntries.map(entryView),
    cancelledEntries: result.cancelledEntries.map(entryView),
    totalDepositsInTransit: money(result.totalDepositsInTransitMinor),
    totalOutstandingChecks: money(result.totalOutstandingChecksMinor),
    adjustedBankBalance: money(result.adjustedBankBalanceMinor),
    journalBalance: money(result.journalBalanceMinor),
    clientLedgersTotal: money(result.clientLedgersTotalMinor),
    balanced: result.balanced,
    matchedLines: Number(matched.count),
    clientTrialBalance: await trialBalanceAsOf(tx, account, periodEnd),
    startedBy: reconciliation.started_by,
    startedAt: reconciliation.started_at.toISOString(),
    signedOffBy: reconciliation.signed_off_by,
    signedOffAt: reconciliation.signed_off_at?.toISOString() ?? null,
  };
}
