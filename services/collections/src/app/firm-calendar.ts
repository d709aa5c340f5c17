import { inFirm } from '@lexfin/service-kit';
import { localDate } from '../domain/calendar';
import type { CollectionsScope } from './collections-scope';

/** A firm without settings from billing yet keeps its dates in UTC. */
const FALLBACK_ZONE = 'UTC';

export async function firmTimeZone(scope: CollectionsScope): Promise<string> {
  const firm = await inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('firms')
      .select('time_zone')
      .where('firm_id', '=', scope.caller.firmId)
      .executeTakeFirst(),
  );
  return firm?.time_zone ?? FALLBACK_ZONE;
}

/** Today's date in the firm's time zone, on the injectable clock. */
export async function firmToday(scope: CollectionsScope): Promise<string> {
  return localDate(await firmTimeZone(scope), scope.clock());
}
