import DataLoader from 'dataloader';
import type { Caller, RequestScope } from '@lexfin/service-kit';
import type { CreditDeps } from '../app/deps';
import { matterExposures } from '../app/profile/portfolio';
import type { CreditProfileView } from '../app/profile/profile-view';
import { firmReceivables, storedProfiles } from '../app/profile/profiles';
import type { MinorAmount } from '../domain/features';

export interface CreditGraphQLContext {
  caller: Caller;
  deps: CreditDeps;
  /** Per request: stored profiles of many clients, and matters' exposure, one query each. */
  profiles: DataLoader<string, CreditProfileView | null>;
  matterExposure: DataLoader<string, unknown[]>;
  /** The firm's open receivables per currency, read once per request. */
  firmReceivables(): Promise<MinorAmount[]>;
}

export function creditGraphQLContext({
  caller,
  deps,
}: RequestScope<CreditDeps>): CreditGraphQLContext {
  let receivables: Promise<MinorAmount[]> | undefined;
  return {
    caller,
    deps,
    profiles: new DataLoader(async (ids) => {
      const found = await storedProfiles(deps, caller, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    matterExposure: new DataLoader(async (ids) => {
      const found = await matterExposures(deps, caller, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    firmReceivables() {
      receivables ??= firmReceivables(deps, caller);
      return receivables;
    },
  };
}
