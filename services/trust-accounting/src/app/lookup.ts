import type { Selectable, Transaction } from 'kysely';
import { NotFoundError } from '@lexfin/platform';
import type {
  DepositsTable,
  DisbursementsTable,
  InvoicesTable,
  LedgersTable,
  MattersTable,
  ShortagesTable,
  TrustAccountsTable,
  TrustDatabase,
} from '../db/schema';

export type AccountRow = Selectable<TrustAccountsTable>;
export type LedgerRow = Selectable<LedgersTable>;
export type MatterRow = Selectable<MattersTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type DepositRow = Selectable<DepositsTable>;
export type DisbursementRow = Selectable<DisbursementsTable>;
export type ShortageRow = Selectable<ShortagesTable>;

export async function loadAccount(
  tx: Transaction<TrustDatabase>,
  trustAccountId: string,
): Promise<AccountRow> {
  const account = await tx
    .selectFrom('trust_accounts')
    .selectAll()
    .where('id', '=', trustAccountId)
    .executeTakeFirst();
  if (!account) throw accountNotFound(trustAccountId);
  return account;
}

export function accountNotFound(trustAccountId: string): NotFoundError {
  return new NotFoundError(`Trust account ${trustAccountId} does not exist`, { trustAccountId });
}

/** The matter as billing reported it; unknown to us means billing never opened it. */
export async function loadMatter(
  tx: Transaction<TrustDatabase>,
  matterId: string,
  clientId?: string,
): Promise<MatterRow> {
  const matter = await tx
    .selectFrom('matters')
    .selectAll()
    .where('matter_id', '=', matterId)
    .executeTakeFirst();
  return knownMatter(matter, matterId, clientId);
}

/** The matter, if billing reported it (as the client's, when `clientId` is given). */
export function knownMatter(
  matter: MatterRow | undefined,
  matterId: string,
  clientId?: string,
): MatterRow {
  if (!matter || (clientId !== undefined && matter.client_id !== clientId)) {
    throw new NotFoundError(
      `Matter ${matterId}${clientId === undefined ? '' : ` of client ${clientId}`} is not known: billing has not reported it as opened`,
      { matterId, ...(clientId === undefined ? {} : { clientId }) },
    );
  }
  return matter;
}

/** The invoice, if billing reported it as issued. */
export function knownInvoice(invoice: InvoiceRow | undefined, invoiceId: string): InvoiceRow {
  if (!invoice) {
    throw new NotFoundError(
      `Invoice ${invoiceId} is not known: billing has not reported it as issued`,
      { invoiceId },
    );
  }
  return invoice;
}
