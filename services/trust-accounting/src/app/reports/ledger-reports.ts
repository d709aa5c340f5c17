import { sql, type Transaction } from 'kysely';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import { allow, inFirm } from '@lexfin/service-kit';
import { verifyChain, type ChainVerdict } from '../../domain/hash-chain';
import type { TrustScope } from '../trust-scope';
import type { TrustDatabase } from '../../db/schema';
import { loadAccount, loadMatter, type AccountRow } from '../lookup';
import { journalEntry } from '../journal-row';
import { TRUST_READERS } from '../roles';
import { requireStatementReader } from './client-trust-statement';
import { accountView, entryView, type AccountView, type EntryView } from '../views';

export async function trustAccounts(trust: TrustScope): Promise<AccountView[]> {
  allow(trust.caller, TRUST_READERS);
  const rows = await inFirm(trust.db, trust.caller, (tx) =>
    tx.selectFrom('trust_accounts').selectAll().orderBy('opened_at').execute(),
  );
  return rows.map(accountView);
}

export async function trustAccount(trust: TrustScope, id: string): Promise<AccountView> {
  allow(trust.caller, TRUST_READERS);
  return accountView(await inFirm(trust.db, trust.caller, (tx) => loadAccount(tx, id)));
}

export interface LedgerCardLine extends EntryView {
  runningBalance: MoneyOutput;
}

export interface ClientLedgerView {
  trustAccountId: string;
  clientId: string;
  matterId: string;
  balance: MoneyOutput;
  available: MoneyOutput;
  uncleared: MoneyOutput;
  entries: LedgerCardLine[];
}

/** The client ledger card: every entry of one matter in date order with its running balance. */
export async function clientLedger(
  trust: TrustScope,
  input: { trustAccountId: string; clientId: string; matterId: string; from?: string; to?: string },
): Promise<ClientLedgerView> {
  requireStatementReader(trust.caller, input.clientId);
  return inFirm(trust.db, trust.caller, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    await loadMatter(tx, input.matterId, input.clientId);
    const ledger = await tx
      .selectFrom('ledgers')
      .select(['id', 'balance_minor', 'uncleared_minor'])
      .where('trust_account_id', '=', account.id)
      .where('matter_id', '=', input.matterId)
      .executeTakeFirst();
    const rows = ledger
      ? await tx
          .selectFrom('journal_entries')
          .selectAll()
          .where('ledger_id', '=', ledger.id)
          .$if(input.to !== undefined, (q) => q.where('effective_date', '<=', input.to!))
          .orderBy('effective_date')
          .orderBy('sequence')
          .execute()
      : [];
    let running = 0n;
    const entries: LedgerCardLine[] = [];
    for (const row of rows) {
      running += row.amount_minor;
      if (input.from !== undefined && row.effective_date < input.from) continue;
      entries.push({ ...entryView(row), runningBalance: moneyOutput(running, account.currency) });
    }
    const balance = ledger?.balance_minor ?? 0n;
    const uncleared = ledger?.uncleared_minor ?? 0n;
    return {
      trustAccountId: account.id,
      clientId: input.clientId,
      matterId: input.matterId,
      balance: moneyOutput(balance, account.currency),
      available: moneyOutput(balance - uncleared, account.currency),
      uncleared: moneyOutput(uncleared, account.currency),
      entries,
    };
  });
}

/** The trust journal (receipts and disbursements) of a date range, in posting order. */
export async function trustJournal(
  trust: TrustScope,
  input: { trustAccountId: string; from: string; to: string },
): Promise<EntryView[]> {
  allow(trust.caller, TRUST_READERS);
  const rows = await inFirm(trust.db, trust.caller, async (tx) => {
    await loadAccount(tx, input.trustAccountId);
    return tx
      .selectFrom('journal_entries')
      .selectAll()
      .where('trust_account_id', '=', input.trustAccountId)
      .where('effective_date', '>=', input.from)
      .where('effective_date', '<=', input.to)
      .orderBy('sequence')
      .execute();
  });
  return rows.map(entryView);
}

export interface TrialBalanceLine {
  ledgerKind: string;
  clientId: string | null;
  clientName: string | null;
  matterId: string | null;
  matterNumber: string | null;
  balance: MoneyOutput;
}

export interface TrialBalanceView {
  trustAccountId: string;
  asOf: string;
  lines: TrialBalanceLine[];
  total: MoneyOutput;
}

/** Every ledger's balance as of a date (from the journal), client by client. */
export async function trustTrialBalance(
  trust: TrustScope,
  input: { trustAccountId: string; asOf: string },
): Promise<TrialBalanceView> {
  allow(trust.caller, TRUST_READERS);
  return inFirm(trust.db, trust.caller, async (tx) =>
    trialBalanceAsOf(tx, await loadAccount(tx, input.trustAccountId), input.asOf),
  );
}

export async function trialBalanceAsOf(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  asOf: string,
): Promise<TrialBalanceView> {
  const rows = await tx
    .selectFrom('ledgers as l')
    .leftJoin('journal_entries as j', (join) =>
      join.onRef('j.ledger_id', '=', 'l.id').on('j.effective_date', '<=', asOf),
    )
    .leftJoin('clients as c', 'c.client_id', 'l.client_id')
    .leftJoin('matters as m', 'm.matter_id', 'l.matter_id')
    .select([
      'l.kind',
      'l.client_id',
      'l.matter_id',
      'c.display_name',
      'm.matter_number',
      sql<bigint>`coalesce(sum(j.amount_minor), 0)::bigint`.as('balance'),
    ])
    .where('l.trust_account_id', '=', account.id)
    .groupBy(['l.id', 'l.kind', 'l.client_id', 'l.matter_id', 'c.display_name', 'm.matter_number'])
    .orderBy('l.kind')
    .orderBy('c.display_name')
    .orderBy('m.matter_number')
    .execute();
  const total = rows.reduce((sum, row) => sum + row.balance, 0n);
  return {
    trustAccountId: account.id,
    asOf,
    lines: rows.map((row) => ({
      ledgerKind: row.kind,
      clientId: row.client_id,
      clientName: row.display_name,
      matterId: row.matter_id,
      matterNumber: row.matter_number,
      balance: moneyOutput(row.balance, account.currency),
    })),
    total: moneyOutput(total, account.currency),
  };
}

/** Recomputes the account's hash chain from the stored entries. */
export async function verifyTrustJournal(
  trust: TrustScope,
  trustAccountId: string,
): Promise<ChainVerdict> {
  allow(trust.caller, TRUST_READERS);
  const rows = await inFirm(trust.db, trust.caller, async (tx) => {
    await loadAccount(tx, trustAccountId);
    return tx
      .selectFrom('journal_entries')
      .selectAll()
      .where('trust_account_id', '=', trustAccountId)
      .orderBy('sequence')
      .execute();
  });
  return verifyChain(rows.map(journalEntry));
}
