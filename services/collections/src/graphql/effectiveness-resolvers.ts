import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import { moneyOutput } from '@lexfin/subgraph';
import { ladderEffectiveness } from '../app/receivables/effectiveness';
import { formatTenths } from '../domain/kpis';
import type { CollectionsGraphQLContext } from './context';

const { date, parseInput } = input;

export const effectivenessQueryResolvers = {
  ladderEffectiveness: async (
    _parent: unknown,
    args: unknown,
    { scope }: CollectionsGraphQLContext,
  ) => {
    const query = parseInput(
      z.object({ from: date, to: date }).refine((value) => value.from <= value.to, {
        path: ['to'],
        message: 'must not be before from',
      }),
      args,
    );
    const report = await ladderEffectiveness(scope, query);
    return {
      ...report,
      steps: report.steps.map((step) => ({
        ...step,
        paid: step.paid.map((amount) => moneyOutput(amount.minor, amount.currency)),
      })),
      promiseKeptRate:
        report.promiseKeptRate === null ? null : formatTenths(report.promiseKeptRate),
      planCompletionRate:
        report.planCompletionRate === null ? null : formatTenths(report.planCompletionRate),
    };
  },
};
