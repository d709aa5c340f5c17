import { creditEvents } from '@lexfin/contracts';
import type { EventHandler } from '@lexfin/persistence';
import type { CollectionsDatabase } from '../db/schema';
import { putOnAgenda } from './replica-batch';
import { on } from './handler';

/** Credit-assessment's grades: a client's segment, which picks its ladder variant. */
export function creditGradeHandlers(
  clock: () => Date,
): Record<string, EventHandler<CollectionsDatabase>> {
  return Object.fromEntries([
    on(creditEvents.gradeChanged, async (tx, data, event) => {
      const values = { grade: data.grade, as_of: data.asOf };
      await tx
        .insertInto('credit_grades')
        .values({ firm_id: event.firmid, client_id: data.clientId, ...values })
        .onConflict((conflict) =>
          conflict
            .columns(['firm_id', 'client_id'])
            .doUpdateSet(values)
            .where('credit_grades.as_of', '<=', data.asOf),
        )
        .execute();
      await putOnAgenda(tx, event.firmid, [data.clientId], clock());
    }),
  ]);
}
