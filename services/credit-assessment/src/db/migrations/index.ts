import type { Migration } from '@lexfin/persistence';
import { creditFile } from './0100-credit-file';
import { policiesAndDecisions } from './0101-policies-and-decisions';

export const creditMigrations: Record<string, Migration> = {
  '0100_credit_file': creditFile,
  '0101_policies_and_decisions': policiesAndDecisions,
};

/** The service's role may read and append to these, never change or remove a row. */
export const appendOnlyTables = ['credit_facts', 'credit_decisions', 'credit_overrides'] as const;
