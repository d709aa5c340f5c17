import { sql, type Selectable } from 'kysely';
import type { BillingDatabase } from '../db/tables';
import { z } from 'zod';
import { BadUserInputError } from '@lexfin/platform';
import { daysBetween } from '../domain/dates';
import {
  allow,
  assertMayReadClient,
  inFirm,
  parseInput,
  Roles,
  type Actor,
  type BillingDeps,
} from './context';
import { date, id } from './inputs';
import { linesOf } from './invoice-lines-store';
import type { InvoiceRow } from './loaders';

const MAX_PAGE = 500;
const page = z.int().min(1).max(MAX_PAGE).default(50);

/** Keyset cursors: opaque to callers, the sort key of the last row returned. */
function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(cursor: string | null | undefined, size: number): string[] | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parts) &&
      parts.length === size &&
      parts.every((part) => typeof part === 'string')
    ) {
      return parts as string[];
    }
  } catch {
    // falls through to the error below
  }
  throw new BadUserInputError({ after: 'is not a cursor this query returned' });
}

/** Rows by id for DataLoaders; ids of other firms are simply not found. */
export function byIds<T extends 'clients' | 'matters' | 'invoices' | 'payments' | 'timekeepers'>(
  deps: BillingDeps,
  actor: Actor,
  table: T,
  ids: readonly string[],
): Promise<Selectable<BillingDatabase[T]>[]> {
  // Every one of these tables has id and firm_id; kysely cannot see that through the union.
  return inFirm(deps, actor, (tx) =>
    tx
      .selectFrom(table as 'clients')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('id', 'in', [...ids])
      .execute(),
  ) as Promise<never>;
}

export function listClients(deps: BillingDeps, actor: Actor) {
  allow(actor, Roles.clientRead);
  return inFirm(deps, actor, (tx) => {
    let query = tx.selectFrom('clients').selectAll().where('firm_id', '=', actor.firmId);
    if (actor.clientId !== undefined) query = query.where('id', '=', actor.clientId);
    return query.orderBy('display_name').orderBy('id').limit(MAX_PAGE).execute();
  });
}

const mattersFilter = z.object({
  clientId: id.nullish(),
  status: z.enum(['OPEN', 'ON_HOLD', 'CLOSED']).nullish(),
});

export function listMatters(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.staffRead);
  const filter = parseInput(mattersFilter, input);
  return inFirm(deps, actor, (tx) => {
    let query = tx.selectFrom('matters').selectAll().where('firm_id', '=', actor.firmId);
    if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
    if (filter.status) query = query.where('status', '=', filter.status);
    return query.orderBy('matter_number').limit(MAX_PAGE).execute();
  });
}

export function listTimekeepers(deps: BillingDeps, actor: Actor) {
  allow(actor, Roles.staffRead);
  return inFirm(deps, actor, (tx) =>
    tx
      .selectFrom('timekeepers')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .orderBy('name')
      .execute(),
  );
}

export function ratesOf(deps: BillingDeps, actor: Actor, timekeeperId: string) {
  return inFirm(deps, actor, (tx) =>
    tx
      .selectFrom('timekeeper_rates')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('timekeeper_id', '=', timekeeperId)
      .orderBy('effective_from')
      .execute(),
  );
}

const timeEntriesFilter = z.object({ matterId: id, unbilledOnly: z.boolean().nullish() });

export function listTimeEntries(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.staffRead);
  const filter = parseInput(timeEntriesFilter, input);
  return inFirm(deps, actor, (tx) => {
    let query = tx
      .selectFrom('time_entries')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('matter_id', '=', filter.matterId);
    if (filter.unbilledOnly) query = query.where('invoice_id', 'is', null);
    return query.orderBy('work_date').orderBy('created_at').limit(10_000).execute();
  });
}

/** Billable work of a matter not yet on any invoice: the work in progress credit looks at. */
export function unbilledWork(deps: BillingDeps, actor: Actor, matterId: string) {
  allow(actor, Roles.staffRead);
  const filter = parseInput(id, matterId);
  return inFirm(deps, actor, async (tx) => {
    const matter = await tx
      .selectFrom('matters')
      .select(['id', 'currency'])
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', filter)
      .executeTakeFirst();
    if (!matter) return null;
    const [timeEntries, expenses] = await Promise.all([
      tx
        .selectFrom('time_entries')
        .selectAll()
        .where('firm_id', '=', actor.firmId)
        .where('matter_id', '=', matter.id)
        .where('invoice_id', 'is', null)
        .where('billable', '=', true)
        .orderBy('work_date')
        .execute(),
      tx
        .selectFrom('expenses')
        .selectAll()
        .where('firm_id', '=', actor.firmId)
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
  clientId: id.nullish(),
  matterId: id.nullish(),
  status: z
    .array(z.enum(['DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID', 'WRITTEN_OFF']))
    .nullish(),
  invoiceDateFrom: date.nullish(),
  invoiceDateTo: date.nullish(),
  first: page,
  after: z.string().nullish(),
});

/** Invoices, newest first; a client_portal caller sees only its own client's issued invoices. */
export function listInvoices(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clientRead);
  const filter = parseInput(invoicesFilter, input);
  const after = decodeCursor(filter.after, 2);
  return inFirm(deps, actor, async (tx) => {
    let query = tx.selectFrom('invoices').selectAll().where('firm_id', '=', actor.firmId);
    if (actor.clientId !== undefined) {
      query = query.where('client_id', '=', actor.clientId).where('status', '!=', 'DRAFT');
    }
    if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
    if (filter.matterId) query = query.where('matter_id', '=', filter.matterId);
    if (filter.status) query = query.where('status', 'in', filter.status);
    if (filter.invoiceDateFrom) query = query.where('invoice_date', '>=', filter.invoiceDateFrom);
    if (filter.invoiceDateTo) query = query.where('invoice_date', '<=', filter.invoiceDateTo);
    if (after) {
      query = query.where(
        sql<boolean>`(created_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.first + 1)
      .execute();
    return pageOf(rows, filter.first, (row) => [row.created_at.toISOString(), row.id]);
  });
}

function pageOf<T>(rows: T[], size: number, key: (row: T) => string[]) {
  const nodes = rows.slice(0, size);
  const last = nodes.at(-1);
  return {
    nodes,
    hasMore: rows.length > size,
    endCursor: last === undefined ? null : encodeCursor(key(last)),
  };
}

export function invoiceLines(deps: BillingDeps, actor: Actor, invoiceId: string) {
  return inFirm(deps, actor, (tx) => linesOf(tx, invoiceId));
}

export function paymentsOf(deps: BillingDeps, actor: Actor, clientId: string) {
  allow(actor, Roles.clientRead);
  assertMayReadClient(actor, clientId);
  return inFirm(deps, actor, (tx) =>
    tx
      .selectFrom('payments')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('client_id', '=', clientId)
      .orderBy('received_on', 'desc')
      .orderBy('created_at', 'desc')
      .limit(MAX_PAGE)
      .execute(),
  );
}

export function allocationsOf(deps: BillingDeps, actor: Actor, paymentId: string) {
  return inFirm(deps, actor, (tx) =>
    tx
      .selectFrom('payment_allocations')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('payment_id', '=', paymentId)
      .orderBy('applied_on')
      .execute(),
  );
}

const receivablesInput = z.object({
  asOf: date,
  clientId: id.nullish(),
  first: page,
  after: z.string().nullish(),
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
export function receivables(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.staffRead);
  const filter = parseInput(receivablesInput, input);
  const after = decodeCursor(filter.after, 2);
  return inFirm(deps, actor, async (tx) => {
    let open = tx
      .selectFrom('invoices')
      .where('firm_id', '=', actor.firmId)
      .where('status', 'in', ['ISSUED', 'PARTIALLY_PAID'])
      .where('invoice_date', '<=', filter.asOf);
    if (filter.clientId) open = open.where('client_id', '=', filter.clientId);
    let pageQuery = open.selectAll();
    if (after)
      pageQuery = pageQuery.where(
        sql<boolean>`(due_date, id) > (${after[0]}::date, ${after[1]}::uuid)`,
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
    const result = pageOf(rows, filter.first, (row) => [row.due_date!, row.id]);
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
  actor: Actor,
  clientId: string,
  currency: string,
) {
  return inFirm(deps, actor, async (tx) => {
    const row = await tx
      .selectFrom('payments')
      .select((eb) =>
        eb.fn.coalesce(eb.fn.sum<bigint>('unapplied_minor'), sql<bigint>`0`).as('credit'),
      )
      .where('firm_id', '=', actor.firmId)
      .where('client_id', '=', clientId)
      .where('currency', '=', currency)
      .where('status', '=', 'RECORDED')
      .executeTakeFirstOrThrow();
    return BigInt(row.credit);
  });
}
