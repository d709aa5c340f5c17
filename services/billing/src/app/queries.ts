import { sql, type Selectable } from 'kysely';
import type { BillingDatabase } from '../db/tables';
import { z } from 'zod';
import { allow, inFirm, input, type Caller } from '@lexfin/service-kit';
import { daysBetween } from '@lexfin/platform/business-dates';
import type { BillingDeps } from './deps';
import { assertMayReadClient, Roles } from './roles';
import { linesOf } from './invoice-lines-store';
import type { InvoiceRow } from './loaders';

const MAX_PAGE = 500;
const page = input.pageSize(MAX_PAGE, 50);

/** Keyset cursors: opaque to callers, the sort key of the last row returned. */
const invoicesCursor = input.keysetCursor('invoices', [z.iso.datetime(), input.id]);
const receivablesCursor = input.keysetCursor('receivables', [input.date, input.id]);

/** Rows by id for DataLoaders; ids of other firms are simply not found. */
export function byIds<
  T extends 'clients' | 'matters' | 'invoices' | 'payments' | 'timekeepers' | 'practice_areas',
>(
  deps: BillingDeps,
  caller: Caller,
  table: T,
  ids: readonly string[],
): Promise<Selectable<BillingDatabase[T]>[]> {
  // Every one of these tables has id and firm_id; kysely cannot see that through the union.
  return inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom(table as 'clients')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('id', 'in', [...ids])
      .execute(),
  ) as Promise<never>;
}

export function listClients(deps: BillingDeps, caller: Caller) {
  allow(caller, Roles.clientRead);
  return inFirm(deps.db, caller, (tx) => {
    let query = tx.selectFrom('clients').selectAll().where('firm_id', '=', caller.firmId);
    if (caller.clientId !== undefined) query = query.where('id', '=', caller.clientId);
    return query.orderBy('display_name').orderBy('id').limit(MAX_PAGE).execute();
  });
}

const mattersFilter = z.object({
  clientId: input.id.nullish(),
  status: input.oneOf(['OPEN', 'ON_HOLD', 'CLOSED']).nullish(),
});

export function listMatters(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.staffRead);
  const filter = input.parseInput(mattersFilter, args);
  return inFirm(deps.db, caller, (tx) => {
    let query = tx.selectFrom('matters').selectAll().where('firm_id', '=', caller.firmId);
    if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
    if (filter.status) query = query.where('status', '=', filter.status);
    return query.orderBy('matter_number').limit(MAX_PAGE).execute();
  });
}

export function listTimekeepers(deps: BillingDeps, caller: Caller) {
  allow(caller, Roles.staffRead);
  return inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom('timekeepers')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .orderBy('name')
      .execute(),
  );
}

export function ratesOf(deps: BillingDeps, caller: Caller, timekeeperId: string) {
  return inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom('timekeeper_rates')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('timekeeper_id', '=', timekeeperId)
      .orderBy('effective_from')
      .execute(),
  );
}

const timeEntriesFilter = z.object({ matterId: input.id, unbilledOnly: z.boolean().nullish() });

export function listTimeEntries(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.staffRead);
  const filter = input.parseInput(timeEntriesFilter, args);
  return inFirm(deps.db, caller, (tx) => {
    let query = tx
      .selectFrom('time_entries')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('matter_id', '=', filter.matterId);
    if (filter.unbilledOnly) query = query.where('invoice_id', 'is', null);
    return query.orderBy('work_date').orderBy('created_at').limit(10_000).execute();
  });
}

/** Billable work of a matter not yet on any invoice: the work in progress credit looks at. */
const unbilledWorkInput = z.object({ matterId: input.id });

export function unbilledWork(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.staffRead);
  const { matterId } = input.parseInput(unbilledWorkInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const matter = await tx
      .selectFrom('matters')
      .select(['id', 'currency'])
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', matterId)
      .executeTakeFirst();
    if (!matter) return null;
    const [timeEntries, expenses] = await Promise.all([
      tx
        .selectFrom('time_entries')
        .selectAll()
        .where('firm_id', '=', caller.firmId)
        .where('matter_id', '=', matter.id)
        .where('invoice_id', 'is', null)
        .where('billable', '=', true)
        .orderBy('work_date')
        .execute(),
      tx
        .selectFrom('expenses')
        .selectAll()
        .where('firm_id', '=', caller.firmId)
        .where('matter_id', '=', matter.id)
        .where('invoice_id', 'is', null)
        .where('billable', '=', true)
        .orderBy('incurred_on')
        .execute(),
    ]);
    const sum = (rows: { amount_minor: bigint }[]) =>
      rows.reduce((total, row) => total + row.amount_minor, 0n);
    return {
      matterId: matter.id,
      currency: matter.currency,
      timeEntries,
      expenses,
      feesMinor: sum(timeEntries),
      expensesMinor: sum(expenses),
    };
  });
}

const invoicesFilter = z.object({
  clientId: input.id.nullish(),
  matterId: input.id.nullish(),
  status: z
    .array(input.oneOf(['DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID', 'WRITTEN_OFF']))
    .nullish(),
  invoiceDateFrom: input.date.nullish(),
  invoiceDateTo: input.date.nullish(),
  first: page,
  after: invoicesCursor.schema,
});

/** Invoices, newest first; a client_portal caller sees only its own client's issued invoices. */
export function listInvoices(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clientRead);
  const filter = input.parseInput(invoicesFilter, args);
  return inFirm(deps.db, caller, async (tx) => {
    let query = tx.selectFrom('invoices').selectAll().where('firm_id', '=', caller.firmId);
    if (caller.clientId !== undefined) {
      query = query.where('client_id', '=', caller.clientId).where('status', '!=', 'DRAFT');
    }
    if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
    if (filter.matterId) query = query.where('matter_id', '=', filter.matterId);
    if (filter.status) query = query.where('status', 'in', filter.status);
    if (filter.invoiceDateFrom) query = query.where('invoice_date', '>=', filter.invoiceDateFrom);
    if (filter.invoiceDateTo) query = query.where('invoice_date', '<=', filter.invoiceDateTo);
    if (filter.after) {
      query = query.where(
        sql<boolean>`(created_at, id) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`,
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.first + 1)
      .execute();
    return pageOf(rows, filter.first, (row) =>
      invoicesCursor.encode([row.created_at.toISOString(), row.id]),
    );
  });
}

function pageOf<T>(rows: T[], size: number, cursorAfter: (row: T) => string) {
  const nodes = rows.slice(0, size);
  const last = nodes.at(-1);
  return {
    nodes,
    hasMore: rows.length > size,
    endCursor: last === undefined ? null : cursorAfter(last),
  };
}

export function invoiceLines(deps: BillingDeps, caller: Caller, invoiceId: string) {
  return inFirm(deps.db, caller, (tx) => linesOf(tx, invoiceId));
}

const paymentsInput = z.object({ clientId: input.id });

export function paymentsOf(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clientRead);
  const { clientId } = input.parseInput(paymentsInput, args);
  assertMayReadClient(caller, clientId);
  return inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom('payments')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('client_id', '=', clientId)
      .orderBy('received_on', 'desc')
      .orderBy('created_at', 'desc')
      .limit(MAX_PAGE)
      .execute(),
  );
}

export function allocationsOf(deps: BillingDeps, caller: Caller, paymentId: string) {
  return inFirm(deps.db, caller, (tx) =>
    tx
      .selectFrom('payment_allocations')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('payment_id', '=', paymentId)
      .orderBy('applied_on')
      .execute(),
  );
}

const receivablesInput = z.object({
  asOf: input.date,
  clientId: input.id.nullish(),
  first: page,
  after: receivablesCursor.schema,
});

export interface Receivable {
  invoice: InvoiceRow;
  daysPastDue: number;
}

/**
 * Open invoices dated on or before `asOf`, oldest due date first, with their open amounts and days
 * past due on `asOf`, and the open total per currency. Served by the partial index of open
 * invoices by due date.
 */
export function receivables(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.staffRead);
  const filter = input.parseInput(receivablesInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    let open = tx
      .selectFrom('invoices')
      .where('firm_id', '=', caller.firmId)
      .where('status', 'in', ['ISSUED', 'PARTIALLY_PAID'])
      .where('invoice_date', '<=', filter.asOf);
    if (filter.clientId) open = open.where('client_id', '=', filter.clientId);
    let pageQuery = open.selectAll();
    if (filter.after)
      pageQuery = pageQuery.where(
        sql<boolean>`(due_date, id) > (${filter.after[0]}::date, ${filter.after[1]}::uuid)`,
      );
    const [rows, totals] = await Promise.all([
      pageQuery
        .orderBy('due_date')
        .orderBy('id')
        .limit(filter.first + 1)
        .execute(),
      open
        .select([
          'currency',
          (eb) => eb.fn.sum<bigint>('open_minor').as('open'),
          (eb) => eb.fn.countAll<bigint>().as('count'),
        ])
        .groupBy('currency')
        .orderBy('currency')
        .execute(),
    ]);
    const result = pageOf(rows, filter.first, (row) =>
      receivablesCursor.encode([row.due_date!, row.id]),
    );
    return {
      asOf: filter.asOf,
      totals: totals.map((total) => ({
        currency: total.currency,
        openMinor: BigInt(total.open),
        count: Number(total.count),
      })),
      hasMore: result.hasMore,
      endCursor: result.endCursor,
      items: result.nodes.map((invoice): Receivable => ({
        invoice,
        daysPastDue: Math.max(0, daysBetween(invoice.due_date!, filter.asOf)),
      })),
    };
  });
}

/** The client's credit: what its payments in `currency` left unallocated. */
export function unappliedCreditOf(
  deps: BillingDeps,
  caller: Caller,
  clientId: string,
  currency: string,
) {
  return inFirm(deps.db, caller, async (tx) => {
    const row = await tx
      .selectFrom('payments')
      .select((eb) =>
        eb.fn.coalesce(eb.fn.sum<bigint>('unapplied_minor'), sql<bigint>`0`).as('credit'),
      )
      .where('firm_id', '=', caller.firmId)
      .where('client_id', '=', clientId)
      .where('currency', '=', currency)
      .where('status', '=', 'RECORDED')
      .executeTakeFirstOrThrow();
    return BigInt(row.credit);
  });
}
