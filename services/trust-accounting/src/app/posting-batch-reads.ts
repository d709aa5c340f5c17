import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { TrustDatabase } from '../db/schema';
import type { AccountRow, InvoiceRow, LedgerRow, MatterRow } from './lookup';
import { namedInvoiceId, namedMatter } from './ledger-target';
import type { BatchedCommand } from './posting-batch';

// The batch's reads, one statement each for all its commands, taking row locks in the order
// every command takes them: invoices, then ledgers by id, then the account row. Ids go as one
// array parameter, so each statement has one plan whatever the batch's size.

export interface LockedLedgers {
  byMatter: Map<string, LedgerRow>;
  firmFunds: LedgerRow | undefined;
}

/** The invoices transfers are made against, locked until commit (their open amount is used). */
export async function lockInvoices(
  tx: Transaction<TrustDatabase>,
  commands: readonly BatchedCommand<unknown>[],
): Promise<Map<string, InvoiceRow>> {
  const invoiceIds = distinct(commands.flatMap((command) => namedInvoiceId(command.ledger) ?? []));
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

/** The matters the commands name, and those of their invoices, as billing reported them. */
export async function loadMatters(
  tx: Transaction<TrustDatabase>,
  commands: readonly BatchedCommand<unknown>[],
  invoices: ReadonlyMap<string, InvoiceRow>,
): Promise<Map<string, MatterRow>> {
  const matterIds = distinct([
    ...commands.flatMap((command) => namedMatter(command.ledger)?.matterId ?? []),
    ...[...invoices.values()].map((invoice) => invoice.matter_id),
  ]);
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
  commands: readonly BatchedCommand<unknown>[],
  matters: ReadonlyMap<string, MatterRow>,
): Promise<LockedLedgers> {
  const needsFirmFunds = commands.some((command) => command.ledger === 'FIRM_FUNDS');
  const rows = await selectLedgersForUpdate(tx, account.id, [...matters.keys()], needsFirmFunds);
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
      ...(await selectLedgersForUpdate(
        tx,
        account.id,
        unopened.map((matter) => matter.matter_id),
        false,
      )),
    );
  }
  return {
    byMatter: new Map(
      rows.flatMap((row) => (row.matter_id === null ? [] : [[row.matter_id, row] as const])),
    ),
    firmFunds: rows.find((row) => row.kind === 'FIRM_FUNDS'),
  };
}

function selectLedgersForUpdate(
  tx: Transaction<TrustDatabase>,
  trustAccountId: string,
  matterIds: readonly string[],
  withFirmFunds: boolean,
): Promise<LedgerRow[]> {
  if (matterIds.length === 0 && !withFirmFunds) return Promise.resolve([]);
  return tx
    .selectFrom('ledgers')
    .selectAll()
    .where('trust_account_id', '=', trustAccountId)
    .where((eb) =>
      eb.or([
        ...(matterIds.length > 0 ? [sql<boolean>`matter_id = any(${matterIds}::uuid[])`] : []),
        ...(withFirmFunds ? [eb('kind', '=', 'FIRM_FUNDS')] : []),
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
