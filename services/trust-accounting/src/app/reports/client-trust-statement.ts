import { sql, type Transaction } from 'kysely';
import { BadUserInputError, NotFoundError } from '@lexfin/platform';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import type { TrustDatabase } from '../../db/schema';
import type { TrustScope } from '../trust-scope';
import { loadAccount } from '../lookup';
import { TRUST_READERS } from '../roles';

export interface StatementLineView {
  entryId: string;
  date: string;
  entryType: string;
  description: string;
  reference: string | null;
  amount: MoneyOutput;
  runningBalance: MoneyOutput;
}

export interface MatterStatementView {
  matterId: string;
  matterNumber: string;
  description: string;
  openingBalance: MoneyOutput;
  receipts: MoneyOutput;
  payments: MoneyOutput;
  closingBalance: MoneyOutput;
  lines: StatementLineView[];
}

/** What a client's money in trust did over a date range, matter by matter. */
export interface ClientTrustStatementView {
  trustAccountId: string;
  trustAccountName: string;
  clientId: string;
  clientName: string;
  from: string;
  to: string;
  matters: MatterStatementView[];
}

export interface ClientTrustStatementInput {
  trustAccountId: string;
  clientId: string;
  matterId?: string;
  from: string;
  to: string;
}

/** A client's own login sees its own statement only; the firm's trust readers see any. */
export function requireStatementReader(caller: Caller, clientId: string) {
  if (caller.roles.includes('client_portal') && caller.clientId === clientId) return;
  allow(caller, TRUST_READERS);
}

export function clientTrustStatement(
  trust: TrustScope,
  input: ClientTrustStatementInput,
): Promise<ClientTrustStatementView> {
  requireStatementReader(trust.caller, input.clientId);
  if (input.from > input.to) throw new BadUserInputError({ from: 'must not be after to' });
  return inFirm(trust.db, trust.caller, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    const clientName = await knownClientName(tx, input.clientId);
    const ledgers = await clientLedgers(tx, account.id, input);
    const entries = await entriesInPeriod(
      tx,
      ledgers.map((ledger) => ledger.id),
      input,
    );
    return {
      trustAccountId: account.id,
      trustAccountName: account.name,
      clientId: input.clientId,
      clientName,
      from: input.from,
      to: input.to,
      matters: ledgers.map((ledger) =>
        matterStatement(
          ledger,
          entries.filter((entry) => entry.ledger_id === ledger.id),
          account.currency,
        ),
      ),
    };
  });
}

async function knownClientName(tx: Transaction<TrustDatabase>, clientId: string): Promise<string> {
  const client = await tx
    .selectFrom('clients')
    .select('display_name')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!client) throw new NotFoundError(`Client ${clientId} is not known`, { clientId });
  return client.display_name;
}

/** The client's ledgers on the account (one matter's, if named) with their balance at `from`. */
function clientLedgers(
  tx: Transaction<TrustDatabase>,
  trustAccountId: string,
  input: ClientTrustStatementInput,
) {
  return tx
    .selectFrom('ledgers as l')
    .innerJoin('matters as m', 'm.matter_id', 'l.matter_id')
    .select(['l.id', 'l.matter_id', 'm.matter_number', 'm.description'])
    .select(
      sql<bigint>`(select coalesce(sum(j.amount_minor), 0) from journal_entries j
        where j.ledger_id = l.id and j.effective_date < ${input.from})::bigint`.as('opening'),
    )
    .where('l.trust_account_id', '=', trustAccountId)
    .where('l.client_id', '=', input.clientId)
    .$if(input.matterId !== undefined, (q) => q.where('l.matter_id', '=', input.matterId!))
    .orderBy('m.matter_number')
    .execute();
}

type ClientLedger = Awaited<ReturnType<typeof clientLedgers>>[number];

function entriesInPeriod(
  tx: Transaction<TrustDatabase>,
  ledgerIds: readonly string[],
  period: { from: string; to: string },
) {
  if (ledgerIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('journal_entries')
    .select([
      'id',
      'ledger_id',
      'effective_date',
      'entry_type',
      'description',
      'reference',
      'amount_minor',
    ])
    .where('ledger_id', 'in', ledgerIds)
    .where('effective_date', '>=', period.from)
    .where('effective_date', '<=', period.to)
    .orderBy('effective_date')
    .orderBy('sequence')
    .execute();
}

type PeriodEntry = Awaited<ReturnType<typeof entriesInPeriod>>[number];

/** One matter's part: opening balance, each entry with the running balance, the totals. */
function matterStatement(
  ledger: ClientLedger,
  entries: readonly PeriodEntry[],
  currency: string,
): MatterStatementView {
  const money = (minor: bigint) => moneyOutput(minor, currency);
  let running = ledger.opening;
  let receipts = 0n;
  let payments = 0n;
  const lines = entries.map((entry) => {
    running += entry.amount_minor;
    if (entry.amount_minor > 0n) receipts += entry.amount_minor;
    else payments -= entry.amount_minor;
    return {
      entryId: entry.id,
      date: entry.effective_date,
      entryType: entry.entry_type,
      description: entry.description,
      reference: entry.reference,
      amount: money(entry.amount_minor),
      runningBalance: money(running),
    };
  });
  return {
    matterId: ledger.matter_id!,
    matterNumber: ledger.matter_number,
    description: ledger.description,
    openingBalance: money(ledger.opening),
    receipts: money(receipts),
    payments: money(payments),
    closingBalance: money(running),
    lines,
  };
}
