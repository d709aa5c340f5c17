export const PAYMENT_METHODS = ['CHECK', 'ACH', 'WIRE', 'CARD', 'CASH', 'CASHIERS_CHECK'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Funds the bank cannot take back once received: a new account treats these as collected at
 * once unless the firm says otherwise (DOMAIN.md invariant 2).
 */
export const DEFAULT_IMMEDIATELY_AVAILABLE: readonly PaymentMethod[] = ['WIRE', 'CASHIERS_CHECK'];
