import type { FrontEnd } from '../support/front-end';
import type { Random } from '../support/random';

/** What one firm's front-end knows of its own data, as its answers told it. */
export interface Firm {
  id: string;
  frontEnd: FrontEnd;
  random: Random;
  /** Business dates: today (UTC) and a day this month's work may fall on. */
  today: string;
  daysAgo(days: number): string;
  timekeeperId: string;
  trustAccountId: string;
  matters: Array<{ clientId: string; matterId: string }>;
  invoices: Array<{ id: string; clientId: string; matterId: string }>;
  payments: Array<{ id: string; reversed: boolean }>;
  deposits: Array<{ id: string; clientId: string; matterId: string; done: boolean }>;
  /** Journal entries (deposits, disbursements) a trust accountant may reverse. */
  reversibleEntries: string[];
  /** Deposits the bank has received but no imported statement shows yet. */
  depositsNotOnStatement: Array<{ reference: string; amountMinor: number }>;
  /** The bank's balance as the imported statements tell it. */
  statementBalanceMinor: number;
  /** A fresh idempotency key, readable in a failure report. */
  key(operation: string): string;
}

/** One thing a firm does, drawn by weight; a service joins the workload with its list. */
export interface Operation {
  name: string;
  weight: number;
  run(firm: Firm): Promise<void>;
}

export const money = (minor: number) => ({
  amount: (minor / 100).toFixed(2),
  currency: 'USD',
});
