import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import { handOffToAgency, recallFromAgency } from '../app/cases/agency-commands';
import { closeCase } from '../app/cases/close-case';
import { approveWriteOff, recommendWriteOff } from '../app/cases/write-off-commands';
import type { CollectionsGraphQLContext } from './context';
import { agencyName, reason } from './text-limits';

const { id, idempotencyKey, parseInput, positiveMoney } = input;

type Resolver = (
  parent: unknown,
  args: unknown,
  context: CollectionsGraphQLContext,
) => Promise<unknown>;

const withReason = z.object({ caseId: id, reason, idempotencyKey });

export const caseEndMutationResolvers: Record<string, Resolver> = {
  handOffToAgency: (_parent, args, { scope }) =>
    handOffToAgency(
      scope,
      parseInput(z.object({ caseId: id, agency: agencyName, idempotencyKey }), args),
    ),
  recallFromAgency: (_parent, args, { scope }) =>
    recallFromAgency(scope, parseInput(withReason, args)),
  recommendWriteOff: (_parent, args, { scope }) =>
    recommendWriteOff(
      scope,
      parseInput(z.object({ caseId: id, amount: positiveMoney, reason, idempotencyKey }), args),
    ),
  approveWriteOff: (_parent, args, { scope }) =>
    approveWriteOff(scope, parseInput(z.object({ recommendationId: id, idempotencyKey }), args)),
  closeCase: (_parent, args, { scope }) => closeCase(scope, parseInput(withReason, args)),
};
