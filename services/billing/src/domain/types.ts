/** Domain vocabulary shared by the rules; the database stores exactly these values. */
export type MatterStatus = 'OPEN' | 'ON_HOLD' | 'CLOSED';
export type BillingArrangement = 'HOURLY' | 'FLAT_FEE' | 'CONTINGENCY' | 'HYBRID';
export type LateFeeKind = 'NONE' | 'SIMPLE_INTEREST' | 'FLAT';
export type InvoiceStatus = 'DRAFT' | 'ISSUED' | 'PARTIALLY_PAID' | 'PAID' | 'VOID' | 'WRITTEN_OFF';
export type InvoiceLineKind =
  'FEE' | 'EXPENSE' | 'FLAT_FEE' | 'CONTINGENCY_FEE' | 'TAX' | 'LATE_FEE';
export type PaymentMethod = 'CARD' | 'ACH' | 'CHECK' | 'WIRE' | 'TRUST';
export const weekdays = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type Weekday = (typeof weekdays)[number];
