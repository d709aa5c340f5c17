import type { Role } from '@lexfin/platform';

/** Who reads receivables, aging, KPIs and cases: never client_portal. */
export const COLLECTIONS_READERS: Role[] = [
  'collections_agent',
  'partner',
  'firm_admin',
  'billing_clerk',
  'credit_officer',
];
/** Who works cases: logs contacts, notes, pauses, records fee-arbitration facts. */
export const CASE_WORKERS: Role[] = ['collections_agent', 'partner', 'firm_admin'];
/** Who edits the firm's collections policy. */
export const POLICY_EDITORS: Role[] = ['firm_admin', 'partner'];
/** Operations: the consistency check. */
export const OPERATORS: Role[] = ['ops', 'firm_admin'];
/** Partners decide what the firm gives up or lends: write-offs, plans that are credit, ending a case. */
export const PARTNERS: Role[] = ['partner'];
/** The client itself, in the portal: only its own items, never notes, grades or stages. */
export const PORTAL: Role[] = ['client_portal'];
