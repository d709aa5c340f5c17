import type { Role } from '@lexfin/platform';

/** Who may read trust records: the people accountable for them. */
export const TRUST_READERS: Role[] = ['trust_accountant', 'partner', 'firm_admin'];
/** Who may record money movements and imports. */
export const TRUST_BOOKKEEPERS: Role[] = ['trust_accountant', 'firm_admin'];
/**
 * Who may approve a disbursement above the threshold, sign off a reconciliation or put the firm's
 * own money into a client's ledger to cover a shortage.
 */
export const TRUST_APPROVERS: Role[] = ['partner', 'trust_accountant'];
/** Who may see a client's trust balance beside its other figures (billing, credit). */
export const BALANCE_READERS: Role[] = [...TRUST_READERS, 'billing_clerk', 'credit_officer'];
