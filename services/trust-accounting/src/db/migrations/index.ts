import type { Migration } from '@lexfin/persistence';
import { replicas } from './0100-replicas';
import { ledgers } from './0101-ledgers';
import { reconciliation } from './0102-reconciliation';
import { operatingTransfers } from './0103-operating-transfers';
import { reconciliationReminders } from './0104-reconciliation-reminders';
import { bankAccountNumbers } from './0105-bank-account-numbers';
import { shortageCovers } from './0106-shortage-covers';

export const trustMigrations: Record<string, Migration> = {
  '0100_replicas': replicas,
  '0101_ledgers': ledgers,
  '0102_reconciliation': reconciliation,
  '0103_operating_transfers': operatingTransfers,
  '0104_reconciliation_reminders': reconciliationReminders,
  '0105_bank_account_numbers': bankAccountNumbers,
  '0106_shortage_covers': shortageCovers,
};

/** The service's role may read and append to these, never change or remove a row. */
export const appendOnlyTables = ['journal_entries', 'bank_statement_lines'] as const;
