import type { Selectable } from 'kysely';
import { Money } from '@lexfin/money';
import { NotFoundError } from '@lexfin/platform';
import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import type { TimekeeperTable } from '../db/tables';
import type { LedesInvoice, LedesLine } from '../domain/ledes/format';
import type { InvoiceLineKind } from '../domain/types';
import type { BillingDeps } from './deps';
import { Roles } from './roles';
import { linesOf, type InvoiceLineRow } from './invoice-lines-store';
import type { ClientRow, InvoiceRow, MatterRow } from './loaders';

export interface InvoiceDocument {
  invoice: InvoiceRow;
  client: ClientRow;
  matter: MatterRow;
  lines: InvoiceLineRow[];
  timekeepers: Map<string, Selectable<TimekeeperTable>>;
}

/**
 * Issued invoices (never drafts or void ones) with everything a document of them shows. A
 * client_portal caller gets only its own client's.
 */
export function loadInvoiceDocuments(
  deps: BillingDeps,
  caller: Caller,
  invoiceIds: readonly string[],
): Promise<InvoiceDocument[]> {
  allow(caller, Roles.clientRead);
  return inFirm(deps.db, caller, async (tx) => {
    let query = tx
      .selectFrom('invoices')
      .selectAll()
      .where('firm_id', '=', caller.firmId)
      .where('id', 'in', [...invoiceIds])
      .where('status', 'not in', ['DRAFT', 'VOID']);
    if (caller.clientId !== undefined) query = query.where('client_id', '=', caller.clientId);
    const invoices = await query.orderBy('invoice_number').execute();
    const missing = invoiceIds.filter((id) => !invoices.some((invoice) => invoice.id === id));
    if (missing.length > 0)
      throw new NotFoundError('No such issued invoice', { invoiceIds: missing });
    const [clients, matters, timekeepers] = await Promise.all([
      tx
        .selectFrom('clients')
        .selectAll()
        .where(
          'id',
          'in',
          invoices.map((i) => i.client_id),
        )
        .execute(),
      tx
        .selectFrom('matters')
        .selectAll()
        .where(
          'id',
          'in',
          invoices.map((i) => i.matter_id),
        )
        .execute(),
      tx.selectFrom('timekeepers').selectAll().where('firm_id', '=', caller.firmId).execute(),
    ]);
    const documents: InvoiceDocument[] = [];
    for (const invoice of invoices) {
      documents.push({
        invoice,
        client: clients.find((client) => client.id === invoice.client_id)!,
        matter: matters.find((matter) => matter.id === invoice.matter_id)!,
        lines: await linesOf(tx, invoice.id),
        timekeepers: new Map(timekeepers.map((timekeeper) => [timekeeper.id, timekeeper])),
      });
    }
    return documents;
  });
}

/** Fees and expenses are F and E lines; tax and late fees are invoice-level fee adjustments (IF). */
const LEDES_TYPE: Record<InvoiceLineKind, LedesLine['type']> = {
  FEE: 'F',
  FLAT_FEE: 'F',
  CONTINGENCY_FEE: 'F',
  EXPENSE: 'E',
  TAX: 'IF',
  LATE_FEE: 'IF',
};

export function toLedesInvoice(document: InvoiceDocument): LedesInvoice {
  const { invoice, matter } = document;
  return {
    invoiceNumber: invoice.invoice_number!,
    invoiceDate: invoice.invoice_date!,
    clientId: invoice.client_id,
    lawFirmMatterId: matter.matter_number,
    clientMatterId: matter.id,
    lawFirmId: invoice.firm_id,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    description: matter.description,
    formatAmount: (minor) => Money.of(minor, invoice.currency).toDecimalString(),
    lines: document.lines.map((line) => {
      const type = LEDES_TYPE[line.kind];
      const adjustmentLevel = type === 'IF';
      const timekeeper = line.timekeeper_id
        ? document.timekeepers.get(line.timekeeper_id)
        : undefined;
      return {
        lineNumber: line.line_number,
        type,
        unitsTenths: line.units_tenths,
        unitCostMinor: adjustmentLevel ? null : line.unit_cost_minor,
        adjustmentMinor: adjustmentLevel ? line.amount_minor : line.adjustment_minor,
        totalMinor: line.amount_minor,
        lineDate: line.line_date,
        taskCode: line.task_code,
        expenseCode: line.expense_code,
        activityCode: line.activity_code,
        timekeeperId: line.timekeeper_id,
        timekeeperName: timekeeper?.name ?? null,
        timekeeperClassification: timekeeper?.classification ?? null,
        description: line.description,
      };
    }),
  };
}
