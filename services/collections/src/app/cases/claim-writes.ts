import { sql, type Insertable, type Transaction } from 'kysely';
import type { EventEnvelope } from '@lexfin/contracts';
import { emit } from '@lexfin/service-kit';
import { claimContacts } from './claim-recovery';
import type {
  CollectionCasesTable,
  CollectionsDatabase,
  ContactLogTable,
  LadderStepsTable,
} from '../../db/schema';

type Tx = Transaction<CollectionsDatabase>;

/** A case row's derived state, as a step records it. */
export interface CaseUpdate {
  id: string;
  status: CollectionCasesTable['status'];
  next_stage: string | null;
  next_action_at: Date | null;
}

/**
 * The rows a batch of claims writes, held until `flush` writes them one statement per table
 * (each statement a round trip, which is what a step's time went on). A unique key still lets
 * one claim through: the flush fails for the others.
 */
export interface ClaimWrites {
  openCase(row: Insertable<CollectionCasesTable>): void;
  updateCase(update: CaseUpdate): void;
  claimContact(row: Insertable<ContactLogTable>): void;
  reachSteps(rows: Insertable<LadderStepsTable>[]): void;
  publish(events: EventEnvelope<unknown>[]): void;
  flush(tx: Tx): Promise<void>;
}

export function claimWrites(): ClaimWrites {
  let opened: Insertable<CollectionCasesTable>[] = [];
  let updated: CaseUpdate[] = [];
  let contacts: Insertable<ContactLogTable>[] = [];
  let steps: Insertable<LadderStepsTable>[] = [];
  let events: EventEnvelope<unknown>[] = [];
  return {
    openCase: (row) => opened.push(row),
    updateCase: (update) => updated.push(update),
    claimContact: (row) => contacts.push(row),
    reachSteps: (rows) => steps.push(...rows),
    publish: (published) => events.push(...published),
    async flush(tx) {
      const pending = { opened, updated, contacts, steps, events };
      opened = [];
      updated = [];
      contacts = [];
      steps = [];
      events = [];
      if (pending.opened.length > 0) {
        await tx.insertInto('collection_cases').values(pending.opened).execute();
      }
      if (pending.updated.length > 0) {
        const column = <T>(value: (update: CaseUpdate) => T) => pending.updated.map(value);
        await sql`
          update collection_cases c
          set status = v.status, next_stage = v.next_stage, next_action_at = v.next_action_at
          from unnest(
            ${column((update) => update.id)}::uuid[],
            ${column((update) => update.status)}::text[],
            ${column((update) => update.next_stage)}::text[],
            ${column((update) => update.next_action_at?.toISOString() ?? null)}::timestamptz[]
          ) as v(id, status, next_stage, next_action_at)
          where c.id = v.id`.execute(tx);
      }
      // Before the steps that refer to them.
      await claimContacts(tx, pending.contacts);
      if (pending.steps.length > 0) {
        await tx.insertInto('ladder_steps').values(pending.steps).execute();
      }
      await emit(tx, pending.events);
    },
  };
}
