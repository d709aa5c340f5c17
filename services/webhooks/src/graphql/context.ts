import type { CallerContext } from '@lexfin/subgraph';
import type { CommandContext } from '../app/context';

export interface WebhooksGraphQLContext extends CallerContext {
  command: CommandContext;
}
