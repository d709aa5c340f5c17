import type { Selectable } from 'kysely';
import { NotFoundError } from '@lexfin/platform';
import type { Caller } from '@lexfin/service-kit';
import { dateIn } from '@lexfin/platform/business-dates';
import type { ClientTable, InvoiceTable, MatterTable } from '../db/tables';
import type { BillingTx } from './deps';

export type ClientRow = Selectable<ClientTable>;
export type MatterRow = Selectable<MatterTable>;
export type InvoiceRow = Selectable<InvoiceTable>;

/** Loads a row of the caller's firm for a command, locked so the command's checks hold. */
export async function lockClient(tx: BillingTx, caller: Caller, clientId: string) {
  const client = await tx
    .selectFrom('clients')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', clientId)
    .forUpdate()
    .executeTakeFirst();
  if (!client) throw new NotFoundError('No such client', { clientId });
  return client;
}

/**
 * `share` lets many writers record work on one matter at once while still waiting for (and
 * blocking) a change of its status, such as a credit hold, which takes the row for update.
 */
export async function lockMatter(
  tx: BillingTx,
  caller: Caller,
  matterId: string,
  strength: 'update' | 'share' = 'update',
) {
  const query = tx
    .selectFrom('matters')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', matterId);
  const matter = await (
    strength === 'share' ? query.forShare() : query.forUpdate()
  ).executeTakeFirst();
  if (!matter) throw new NotFoundError('No such matter', { matterId });
  return matter;
}

export async function lockInvoice(tx: BillingTx, caller: Caller, invoiceId: string) {
  const invoice = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('No such invoice', { invoiceId });
  return invoice;
}

/** The firm's business date today, in its time zone. */
export async function firmToday(tx: BillingTx, caller: Caller, now: Date): Promise<string> {
  const firm = await tx
    .selectFrom('firms')
    .select('time_zone')
    .where('firm_id', '=', caller.firmId)
    .executeTakeFirst();
  return dateIn(firm?.time_zone ?? 'UTC', now);
}

/** An invoice row as the domain's status rules see it. */
export function amountsOf(invoice: InvoiceRow) {
  return {
    id: invoice.id,
    status: invoice.status,
    totalMinor: invoice.total_minor,
    paidMinor: invoice.paid_minor,
    creditedMinor: invoice.credited_minor,
    writtenOffMinor: invoice.written_off_minor,
  };
}
