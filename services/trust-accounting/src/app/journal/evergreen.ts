import { trustEvents } from '@lexfin/contracts';
import { moneyOutput } from '@lexfin/subgraph';
import { eventOf, type Caller } from '@lexfin/service-kit';
import type { MatterRow } from '../lookup';
import type { PostedEntry } from './engine/types';

/**
 * `balance.low` when a posting takes a matter's balance from at or above its evergreen retainer
 * minimum to below it (once per crossing, not on every later payment).
 */
export function lowBalanceEvents(caller: Caller, matter: MatterRow, posted: PostedEntry) {
  const minimum = matter.evergreen_minimum_minor;
  if (minimum === null) return [];
  if (!(posted.balanceBeforeMinor >= minimum && posted.balanceAfterMinor < minimum)) return [];
  const currency = posted.row.currency;
  return [
    eventOf(caller, trustEvents.balanceLow, matter.matter_id, {
      trustAccountId: posted.row.trust_account_id,
      clientId: matter.client_id,
      matterId: matter.matter_id,
      balance: moneyOutput(posted.balanceAfterMinor, currency),
      minimum: moneyOutput(minimum, currency),
    }),
  ];
}
