import { DomainRuleError } from '@lexfin/platform/errors';

/** The business rules billing enforces, each a stable `extensions.code` callers can act on. */
export const BillingRule = {
  CREDIT_HOLD: 'CREDIT_HOLD',
  MATTER_CLOSED: 'MATTER_CLOSED',
  MATTER_NOT_OPEN: 'MATTER_NOT_OPEN',
  ALREADY_BILLED: 'ALREADY_BILLED',
  NO_RATE: 'NO_RATE',
  NOTHING_TO_BILL: 'NOTHING_TO_BILL',
  INVOICE_NOT_DRAFT: 'INVOICE_NOT_DRAFT',
  INVOICE_NOT_OPEN: 'INVOICE_NOT_OPEN',
  INVOICE_HAS_PAYMENTS: 'INVOICE_HAS_PAYMENTS',
  EXCEEDS_OPEN_AMOUNT: 'EXCEEDS_OPEN_AMOUNT',
  EXCEEDS_PAYMENT: 'EXCEEDS_PAYMENT',
  NO_CLIENT_CREDIT: 'NO_CLIENT_CREDIT',
  PAYMENT_REVERSED: 'PAYMENT_REVERSED',
} as const;

export type BillingRuleCode = (typeof BillingRule)[keyof typeof BillingRule];

export function ruleBroken(
  code: BillingRuleCode,
  message: string,
  details?: Record<string, unknown>,
): DomainRuleError {
  return new DomainRuleError(code, message, details);
}
