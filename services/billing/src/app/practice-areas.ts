import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '@lexfin/platform';
import { allow, inFirm, input, type Caller } from '@lexfin/service-kit';
import type { BillingDeps, BillingTx } from './deps';
import { Roles } from './roles';

const listInput = z.object({ includeRetired: z.boolean().nullish() });
const addInput = z.object({
  name: input.text.pipe(z.string().max(200, 'must be at most 200 characters')),
});
const retireInput = z.object({ id: input.id });

/** The firm's practice areas by name; retired ones only when asked for. */
export function listPracticeAreas(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.staffRead);
  const { includeRetired } = input.parseInput(listInput, args);
  return inFirm(deps.db, caller, (tx) => {
    let query = tx.selectFrom('practice_areas').selectAll().where('firm_id', '=', caller.firmId);
    if (!includeRetired) query = query.where('retired_at', 'is', null);
    return query.orderBy('name').execute();
  });
}

export async function addPracticeArea(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.firmAdmin);
  const { name } = input.parseInput(addInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const area = await tx
      .insertInto('practice_areas')
      .values({ id: randomUUID(), firm_id: caller.firmId, name, retired_at: null })
      .onConflict((c) => c.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!area) throw new BadUserInputError({ name: 'is already one of the practice areas' });
    return area;
  });
}

/** A retired area takes no new matters; the matters that have it keep it. */
export async function retirePracticeArea(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.firmAdmin);
  const { id } = input.parseInput(retireInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const area = await tx
      .updateTable('practice_areas')
      .set((eb) => ({ retired_at: eb.fn.coalesce('retired_at', eb.val(deps.clock())) }))
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!area) throw new NotFoundError('No such practice area', { id });
    return area;
  });
}

/**
 * Checks a matter's owners: the partner and originator are the firm's timekeepers and the
 * practice area is on its list, not retired unless the matter has it already. Answers the area's
 * name, which the matter's events carry.
 */
export async function checkMatterOwners(
  tx: BillingTx,
  caller: Caller,
  owners: {
    responsiblePartnerId: string | null;
    originatingTimekeeperId: string | null;
    practiceAreaId: string;
  },
  currentPracticeAreaId?: string,
): Promise<string> {
  const problems: Record<string, string> = {};
  const keeperIds = [owners.responsiblePartnerId, owners.originatingTimekeeperId].filter(
    (id): id is string => id !== null,
  );
  const keepers =
    keeperIds.length === 0
      ? []
      : await tx
          .selectFrom('timekeepers')
          .select('id')
          .where('firm_id', '=', caller.firmId)
          .where('id', 'in', keeperIds)
          .execute();
  const known = new Set(keepers.map((keeper) => keeper.id));
  for (const field of ['responsiblePartnerId', 'originatingTimekeeperId'] as const) {
    const id = owners[field];
    if (id !== null && !known.has(id)) problems[field] = 'is not a timekeeper of the firm';
  }
  const area = await tx
    .selectFrom('practice_areas')
    .select(['name', 'retired_at'])
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', owners.practiceAreaId)
    .executeTakeFirst();
  if (!area) problems.practiceAreaId = 'is not one of the practice areas';
  else if (area.retired_at !== null && owners.practiceAreaId !== currentPracticeAreaId) {
    problems.practiceAreaId = 'is a retired practice area';
  }
  if (Object.keys(problems).length > 0) throw new BadUserInputError(problems);
  return area!.name;
}
