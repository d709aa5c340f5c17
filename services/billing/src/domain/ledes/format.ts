import { compactDate } from '../dates';
import {
  LEDES_FIELDS,
  LEDES_VERSION_LINE,
  LINE_END,
  type LedesLineType,
  type LedesRecord,
} from './fields';

export interface LedesInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  clientId: string;
  lawFirmMatterId: string;
  clientMatterId: string;
  lawFirmId: string;
  periodStart: string;
  periodEnd: string;
  description: string;
  /** Formats minor units as the currency's decimal string. */
  formatAmount: (minor: bigint) => string;
  lines: LedesLine[];
}

export interface LedesLine {
  lineNumber: number;
  type: LedesLineType;
  unitsTenths: number;
  unitCostMinor: bigint | null;
  adjustmentMinor: bigint;
  totalMinor: bigint;
  lineDate: string;
  taskCode: string | null;
  expenseCode: string | null;
  activityCode: string | null;
  timekeeperId: string | null;
  timekeeperName: string | null;
  timekeeperClassification: string | null;
  description: string;
}

/** '|' separates fields and '[]' ends a line: neither may appear inside a value, nor a line break. */
function clean(value: string | null): string {
  return (value ?? '').replace(/[|\r\n]+/g, ' ').replaceAll(LINE_END, '()');
}

function units(tenths: number): string {
  return `${Math.trunc(tenths / 10)}.${tenths % 10}`;
}

/** A LEDES 1998B file of one or more invoices, each line item on its own line. */
export function formatLedes(invoices: readonly LedesInvoice[]): string {
  const lines = [LEDES_VERSION_LINE, LEDES_FIELDS.join('|') + LINE_END];
  for (const invoice of invoices) {
    const total = invoice.lines.reduce((sum, line) => sum + line.totalMinor, 0n);
    for (const line of invoice.lines) {
      const record: LedesRecord = {
        INVOICE_DATE: compactDate(invoice.invoiceDate),
        INVOICE_NUMBER: clean(invoice.invoiceNumber),
        CLIENT_ID: clean(invoice.clientId),
        LAW_FIRM_MATTER_ID: clean(invoice.lawFirmMatterId),
        INVOICE_TOTAL: invoice.formatAmount(total),
        BILLING_START_DATE: compactDate(invoice.periodStart),
        BILLING_END_DATE: compactDate(invoice.periodEnd),
        INVOICE_DESCRIPTION: clean(invoice.description),
        LINE_ITEM_NUMBER: String(line.lineNumber),
        'EXP/FEE/INV_ADJ_TYPE': line.type,
        LINE_ITEM_NUMBER_OF_UNITS: units(line.unitsTenths),
        LINE_ITEM_ADJUSTMENT_AMOUNT: invoice.formatAmount(line.adjustmentMinor),
        LINE_ITEM_TOTAL: invoice.formatAmount(line.totalMinor),
        LINE_ITEM_DATE: compactDate(line.lineDate),
        LINE_ITEM_TASK_CODE: clean(line.taskCode),
        LINE_ITEM_EXPENSE_CODE: clean(line.expenseCode),
        LINE_ITEM_ACTIVITY_CODE: clean(line.activityCode),
        TIMEKEEPER_ID: clean(line.timekeeperId),
        LINE_ITEM_DESCRIPTION: clean(line.description),
        LAW_FIRM_ID: clean(invoice.lawFirmId),
        LINE_ITEM_UNIT_COST:
          line.unitCostMinor === null ? '' : invoice.formatAmount(line.unitCostMinor),
        TIMEKEEPER_NAME: clean(line.timekeeperName),
        TIMEKEEPER_CLASSIFICATION: clean(line.timekeeperClassification),
        CLIENT_MATTER_ID: clean(invoice.clientMatterId),
      };
      lines.push(LEDES_FIELDS.map((field) => record[field]).join('|') + LINE_END);
    }
  }
  return lines.join('\n') + '\n';
}
