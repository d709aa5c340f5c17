import { inFirm, type Caller } from '@lexfin/service-kit';
import type { CreditDeps } from '../deps';
import { firmToday } from '../firm-day';
import { reassessClients } from './reassess-client';

export interface RescoreResult {
  firmId: string;
  asOf: string;
  clients: number;
  gradeChanges: number;
  breaches: number;
  restores: number;
}

const DEFAULT_BATCH = 1000;
/** Ranges of client ids re-scored side by side. */
const DEFAULT_LANES = 2;

interface ClientRange {
  from: string | null;
  to: string | null;
}

/** The uuid space cut into `lanes` ranges at leading hex digits. */
function clientRanges(lanes: number): ClientRange[] {
  const bound = (i: number) =>
    i === 0 || i === lanes
      ? null
      : `${Math.floor((i * 16) / lanes).toString(16)}0000000-0000-0000-0000-000000000000`;
  return Array.from({ length: lanes }, (_, i) => ({ from: bound(i), to: bound(i + 1) }));
}

/**
 * Re-scores every client of a firm from its facts under the policy in force (nightly, and when a
 * policy is published), in keyset batches of clients, one transaction each. Idempotent: a second
 * run finds nothing changed and publishes nothing.
 */
export async function rescoreFirm(
  deps: CreditDeps,
  caller: Caller,
  options: { batchSize?: number; lanes?: number } = {},
): Promise<RescoreResult> {
  const now = deps.clock();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const asOf = await inFirm(deps.db, caller, (tx) => firmToday(tx, caller.firmId, now));
  const result: RescoreResult = {
    firmId: caller.firmId,
    asOf,
    clients: 0,
    gradeChanges: 0,
    breaches: 0,
    restores: 0,
  };
  /** One range of client ids, batch after batch: reading one batch overlaps folding another's. */
  async function lane(range: ClientRange) {
    let after: string | null = null;
    for (;;) {
      const done: boolean = await inFirm(deps.db, caller, async (tx) => {
        let query = tx
          .selectFrom('client_profiles')
          .select('client_id')
          .where('firm_id', '=', caller.firmId)
          .orderBy('client_id')
          .limit(batchSize);
        if (after !== null) query = query.where('client_id', '>', after);
        else if (range.from !== null) query = query.where('client_id', '>=', range.from);
        if (range.to !== null) query = query.where('client_id', '<', range.to);
        const clientIds = (await query.execute()).map((row) => row.client_id);
        if (clientIds.length === 0) return true;
        const batch = await reassessClients(tx, caller, clientIds, now, asOf);
        result.clients += batch.length;
        for (const { result: item } of batch) {
          if (item.gradeChange) result.gradeChanges += 1;
          result.breaches += item.breaches.length;
          result.restores += item.restores.length;
        }
        after = clientIds.at(-1)!;
        return clientIds.length < batchSize;
      });
      if (done) return;
    }
  }
  await Promise.all(clientRanges(options.lanes ?? DEFAULT_LANES).map(lane));
  return result;
}
