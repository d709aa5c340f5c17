import type DataLoader from 'dataloader';
import type { CallerContext, MoneyOutput } from '@lexfin/subgraph';
import type { CommandContext } from '../app/actor';

export interface TrustGraphQLContext extends CallerContext {
  command: CommandContext;
  /** Per request: trust balances of many clients / matters in one query each. */
  clientBalances: DataLoader<string, MoneyOutput[]>;
  matterBalances: DataLoader<string, MoneyOutput[]>;
}
