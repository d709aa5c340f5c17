import type { Migration } from '@lexfin/persistence';
import { receivablesReplica } from './0100-receivables-replica';
import { collectionCases } from './0101-collection-cases';
import { arrangements } from './0102-arrangements';
import { agendaTenancyAndLetters } from './0110-agenda-tenancy-and-letters';
import { caseEndings } from './0111-case-endings';
import { stepsAndReminders } from './0130-steps-and-reminders';
import { receivablesByDay } from './0131-receivables-by-day';
import { dayTotalsSideBySide } from './0132-day-totals-side-by-side';

export const collectionsMigrations: Record<string, Migration> = {
  '0100_receivables_replica': receivablesReplica,
  '0101_collection_cases': collectionCases,
  '0102_arrangements': arrangements,
  '0110_agenda_tenancy_and_letters': agendaTenancyAndLetters,
  '0111_case_endings': caseEndings,
  '0130_steps_and_reminders': stepsAndReminders,
  '0131_receivables_by_day': receivablesByDay,
  '0132_day_totals_side_by_side': dayTotalsSideBySide,
};

/** The service's role may read and append to these, never change or remove a row. */
export const appendOnlyTables = [
  'invoice_movements',
  'stated_open_amounts',
  'case_notes',
  'letters',
] as const;
