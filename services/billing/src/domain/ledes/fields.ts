/** LEDES 1998B: the 24 fields of every line item, in order (DOMAIN.md "Billing"). */
export const LEDES_FIELDS = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LINE_ITEM_TASK_CODE',
  'LINE_ITEM_EXPENSE_CODE',
  'LINE_ITEM_ACTIVITY_CODE',
  'TIMEKEEPER_ID',
  'LINE_ITEM_DESCRIPTION',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
  'TIMEKEEPER_NAME',
  'TIMEKEEPER_CLASSIFICATION',
  'CLIENT_MATTER_ID',
] as const;

export type LedesField = (typeof LEDES_FIELDS)[number];
export type LedesRecord = Record<LedesField, string>;

export const LEDES_VERSION_LINE = 'LEDES1998B[]';
export const LINE_END = '[]';
export const LEDES_LINE_TYPES = ['F', 'E', 'IF', 'IE'] as const;
export type LedesLineType = (typeof LEDES_LINE_TYPES)[number];
