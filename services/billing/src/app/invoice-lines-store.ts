import type { Insertable, Selectable } from 'kysely';
import type { InvoiceLineTable } from '../db/tables';
import type { InvoiceLine } from '../domain/invoice-lines';
import type { BillingTx } from './deps';

export type InvoiceLineRow = Selectable<InvoiceLineTable>;

/** Postgres takes at most 65,535 parameters per statement; a line has 19. */
const LINES_PER_INSERT = 3_000;

export function toDomainLine(row: InvoiceLineRow): InvoiceLine {
  return {
    kind: row.kind,
    lineDate: row.line_date,
    description: row.description,
    unitsTenths: row.units_tenths,
    unitCostMinor: row.unit_cost_minor,
    baseMinor: row.base_minor,
    adjustmentMinor: row.adjustment_minor,
    taskCode: row.task_code,
    activityCode: row.activity_code,
    expenseCode: row.expense_code,
    timekeeperId: row.timekeeper_id,
    timeEntryId: row.time_entry_id,
    expenseId: row.expense_id,
  };
}

export async function insertLines(
  tx: BillingTx,
  invoice: { id: string; firm_id: string },
  lines: readonly InvoiceLine[],
  firstLineNumber: number,
): Promise<void> {
  const rows: Insertable<InvoiceLineTable>[] = lines.map((line, index) => ({
    id: crypto.randomUUID(),
    firm_id: invoice.firm_id,
    invoice_id: invoice.id,
    line_number: firstLineNumber + index,
    kind: line.kind,
    line_date: line.lineDate,
    description: line.description,
    units_tenths: line.unitsTenths,
    unit_cost_minor: line.unitCostMinor,
    base_minor: line.baseMinor,
    adjustment_minor: line.adjustmentMinor,
    adjustment_reason: null,
    task_code: line.taskCode,
    activity_code: line.activityCode,
    expense_code: line.expenseCode,
    timekeeper_id: line.timekeeperId,
    time_entry_id: line.timeEntryId,
    expense_id: line.expenseId,
  }));
  for (let start = 0; start < rows.length; start += LINES_PER_INSERT) {
    await tx
      .insertInto('invoice_lines')
      .values(rows.slice(start, start + LINES_PER_INSERT))
      .execute();
  }
}

export function linesOf(tx: BillingTx, invoiceId: string): Promise<InvoiceLineRow[]> {
  return tx
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_number')
    .execute();
}
