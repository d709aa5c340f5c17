import { NotFoundError, type Role } from '@lexfin/platform';
import type { Caller } from '@lexfin/service-kit';

/** Everyone on the firm's staff who reads billing. */
const staff = [
  'billing_clerk',
  'partner',
  'firm_admin',
  'credit_officer',
  'collections_agent',
  'trust_accountant',
] as const satisfies readonly Role[];

/** The roles allowed per kind of operation; no role implies another (API.md). */
export const Roles = {
  clerical: ['billing_clerk', 'partner', 'firm_admin'],
  firmAdmin: ['firm_admin'],
  approval: ['partner', 'firm_admin'],
  creditHold: ['credit_officer', 'partner', 'firm_admin'],
  staffRead: staff,
  clientRead: [...staff, 'client_portal'],
} as const satisfies Record<string, readonly Role[]>;

/** A client_portal caller may read only its own client; staff may read any of the firm's. */
export function assertMayReadClient(caller: Caller, clientId: string): void {
  if (caller.clientId !== undefined && caller.clientId !== clientId) {
    throw new NotFoundError('No such client');
  }
}
