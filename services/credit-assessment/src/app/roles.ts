import type { Role } from '@lexfin/platform';

/** Who reads everything of credit: profiles, exposure, limits, decisions, policies. */
export const CREDIT_READERS: Role[] = ['credit_officer', 'partner', 'firm_admin'];
/** Who may also see a client's grade and its reasons, nothing else (billing, collections). */
export const GRADE_READERS: Role[] = [...CREDIT_READERS, 'billing_clerk', 'collections_agent'];
/** Who drafts credit policies and sets limits. */
export const CREDIT_MANAGERS: Role[] = ['credit_officer', 'firm_admin'];
/** Who publishes a policy and overrides a decision: a partner, never the drafter or requester. */
export const CREDIT_APPROVERS: Role[] = ['partner'];
/** Who asks for an intake decision. */
export const INTAKE_REQUESTERS: Role[] = [...CREDIT_READERS];
/** Who runs the consistency check. */
export const OPERATORS: Role[] = ['ops'];
