import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { NotFoundError } from '@lexfin/platform';
import { knownDeposit } from '../../../domain/row-status';
import type { TrustDatabase } from '../../../db/schema';
import type { AccountRow, InvoiceRow, LedgerRow, MatterRow } from '../../lookup';
import { namedInvoiceId, namedLedgerId, namedMatter, type LedgerTarget } from './ledger-target';
import type { LockedLedgers, Subject, SubjectRows } from './types';

// The batch's reads, one statement each for all its commands, taking row locks in the order
// every command takes them: the rows the commands change (their subjects, invoices), then
// ledgers by id, then the account row. Ids go as one array parameter, so each statement has one
// plan whatever the batch's size.

/**
 * Locks the row a command changes and names its account and ledger; NOT_FOUND if there is no
 * such row. An entry to reverse is only read (entries never change), and its deposit locked.
 */
export async function lockSubject(
  tx: Transaction<TrustDatabase>,
  subject: Subject,
): Promise<{ trustAccountId: string; ledger: LedgerTarget; rows: SubjectRows }> {
  if ('depositId' in subject) {
    const deposit = knownDeposit(await lockDeposit(tx, subject.depositId), subject.depositId);
    return placedOn(deposit, { deposit });
  }
  if ('disbursementId' in subject) {
    const { disbursementId } = subject;
    const disbursement = await tx
      .selectFrom('disbursements')
      .selectAll()
      .where('id', '=', disbursementId)
      .forUpdate()
      .executeTakeFirst();
    if (!disbursement) {
      throw new NotFoundError(`Disbursement ${disbursementId} does not exist`, { disbursementId });
    }
    return placedOn(disbursement, { disbursement });
  }
  if ('entryId' in subject) {
    const entry = await tx
      .selectFrom('journal_entries')
      .selectAll()
      .where('id', '=', subject.entryId)
      .executeTakeFirst();
    if (!entry) throw new NotFoundError(`Journal entry ${subject.entryId} does not exist`);
    const deposit =
      entry.entry_type === 'DEPOSIT' && entry.source_id !== null
        ? await lockDeposit(tx, entry.source_id)
        : undefined;
    return placedOn(entry, { entry, deposit });
  }
  return lockShortage(tx, subject.shortageId);
}

function placedOn(
  row: { trust_account_id: string; ledger_id: string },
  rows: SubjectRows,
): { trustAccountId: string; ledger: LedgerTarget; rows: SubjectRows } {
  return { trustAccountId: row.trust_account_id, ledger: { ledgerId: row.ledger_id }, rows };
}

function lockDeposit(tx: Transaction<TrustDatabase>, depositId: string) {
  return tx
    .selectFrom('deposits')
    .selectAll()
    .where('id', '=', depositId)
    .forUpdate()
    .executeTakeFirst();
}

/** The shortage, locked, with its returned-deposit entry and the covers posted so far. */
async function lockShortage(tx: Transaction<TrustDatabase>, shortageId: string) {
  const shortage = await tx
    .selectFrom('shortages')
    .selectAll()
    .where('id', '=', shortageId)
    .forUpdate()
    .executeTakeFirst();
  if (!shortage) throw new NotFoundError(`Shortage ${shortageId} does not exist`, { shortageId });
  // The returned-deposit entry reverses the deposit's own entry, so it is found through it.
  const returned = await tx
    .selectFrom('journal_entries as r')
    .innerJoin('deposits as d', 'd.entry_id', 'r.reverses_entry_id')
    .select('r.id')
    .where('d.id', '=', shortage.deposit_id)
    .orderBy('r.sequence')
    .executeTakeFirstOrThrow();
  const covers = await tx
    .selectFrom('journal_entries')
    .selectAll()
    .where('entry_type', '=', 'SHORTAGE_COVER')
    .where('source_id', '=', shortage.id)
    .orderBy('sequence')
    .execute();
  return placedOn(shortage, { shortage, returnedEntryId: returned.id, covers });
}

/** The invoices transfers are made against, locked until commit (their open amount is used). */
export async function lockInvoices(
  tx: Transaction<TrustDatabase>,
  targets: readonly LedgerTarget[],
): Promise<Map<string, InvoiceRow>> {
  const invoiceIds = distinct(targets.flatMap((target) => namedInvoiceId(target) ?? []));
  if (invoiceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('invoices')
    .selectAll()
    .where(sql<boolean>`invoice_id = any(${invoiceIds}::uuid[])`)
    .orderBy('invoice_id')
    .forNoKeyUpdate()
    .execute();
  return new Map(rows.map((invoice) => [invoice.invoice_id, invoice]));
}

/** The matters the targets name, and those of their invoices, as billing reported them. */
export function loadNamedMatters(
  tx: Transaction<TrustDatabase>,
  targets: readonly LedgerTarget[],
  invoices: ReadonlyMap<string, InvoiceRow>,
): Promise<Map<string, MatterRow>> {
  return loadMatters(tx, [
    ...targets.flatMap((target) => namedMatter(target)?.matterId ?? []),
    ...[...invoices.values()].map((invoice) => invoice.matter_id),
  ]);
}

/** The matters as billing reported them. */
export async function loadMatters(
  tx: Transaction<TrustDatabase>,
  ids: readonly string[],
): Promise<Map<string, MatterRow>> {
  const matterIds = distinct(ids);
  if (matterIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('matters')
    .selectAll()
    .where(sql<boolean>`matter_id = any(${matterIds}::uuid[])`)
    .execute();
  return new Map(rows.map((matter) => [matter.matter_id, matter]));
}

/**
 * Locks every ledger the batch may post to, by id, opening the matter ledgers not used before
 * (then locked after the others: they are new, so no other transaction holds them).
 */
export async function lockLedgers(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  targets: readonly LedgerTarget[],
  matters: ReadonlyMap<string, MatterRow>,
): Promise<LockedLedgers> {
  const rows = await selectLedgersForUpdate(tx, account.id, {
    matterIds: [...matters.keys()],
    ledgerIds: distinct(targets.flatMap((target) => namedLedgerId(target) ?? [])),
    firmFunds: targets.some((target) => target === 'FIRM_FUNDS'),
  });
  const opened = new Set(rows.map((row) => row.matter_id));
  const unopened = [...matters.values()].filter((matter) => !opened.has(matter.matter_id));
  if (unopened.length > 0) {
    await tx
      .insertInto('ledgers')
      .values(
        unopened.map((matter) => ({
          firm_id: account.firm_id,
          id: randomUUID(),
          trust_account_id: account.id,
          kind: 'CLIENT_MATTER' as const,
          client_id: matter.client_id,
          matter_id: matter.matter_id,
        })),
      )
      .onConflict((conflict) => conflict.columns(['trust_account_id', 'matter_id']).doNothing())
      .execute();
    rows.push(
      ...(await selectLedgersForUpdate(tx, account.id, {
        matterIds: unopened.map((matter) => matter.matter_id),
        ledgerIds: [],
        firmFunds: false,
      })),
    );
  }
  return {
    byId: new Map(rows.map((row) => [row.id, row])),
    byMatter: new Map(
      rows.flatMap((row) => (row.matter_id === null ? [] : [[row.matter_id, row] as const])),
    ),
    firmFunds: rows.find((row) => row.kind === 'FIRM_FUNDS'),
  };
}

function selectLedgersForUpdate(
  tx: Transaction<TrustDatabase>,
  trustAccountId: string,
  wanted: { matterIds: readonly string[]; ledgerIds: readonly string[]; firmFunds: boolean },
): Promise<LedgerRow[]> {
  const { matterIds, ledgerIds, firmFunds } = wanted;
  if (matterIds.length === 0 && ledgerIds.length === 0 && !firmFunds) return Promise.resolve([]);
  return tx
    .selectFrom('ledgers')
    .selectAll()
    .where('trust_account_id', '=', trustAccountId)
    .where((eb) =>
      eb.or([
        ...(matterIds.length > 0 ? [sql<boolean>`matter_id = any(${matterIds}::uuid[])`] : []),
        ...(ledgerIds.length > 0 ? [sql<boolean>`id = any(${ledgerIds}::uuid[])`] : []),
        ...(firmFunds ? [eb('kind', '=', 'FIRM_FUNDS')] : []),
      ]),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** Locks the account row last: the journal head to chain onto, and the signed-off period. */
export function lockAccountHead(tx: Transaction<TrustDatabase>, trustAccountId: string) {
  return tx
    .selectFrom('trust_accounts')
    .select(['journal_sequence', 'journal_head_hash', 'locked_through'])
    .where('id', '=', trustAccountId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
