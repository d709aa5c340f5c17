import type { Migration } from '@lexfin/persistence';
import { receivablesReplica } from './0100-receivables-replica';
import { collectionCases } from './0101-collection-cases';
import { arrangements } from './0102-arrangements';

export const collectionsMigrations: Record<string, Migration> = {
  '0100_receivables_replica': receivablesReplica,
  '0101_collection_cases': collectionCases,
  '0102_arrangements': arrangements,
};

/** The service's role may read and append to these, never change or remove a row. */
export const appendOnlyTables = ['invoice_movements', 'stated_open_amounts', 'case_notes'] as const;
