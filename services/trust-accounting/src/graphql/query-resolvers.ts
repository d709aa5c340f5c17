import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import {
  clientLedger,
  trustAccount,
  trustAccounts,
  trustJournal,
  trustTrialBalance,
  verifyTrustJournal,
} from '../app/reports/ledger-reports';
import { trustReconciliation } from '../app/reconciliation/reconciliations';
import { SHORTAGE_FILTERS, trustShortages } from '../app/reports/shortages';
import { clientTrustStatement } from '../app/reports/client-trust-statement';
import type { TrustGraphQLContext } from './context';

const { date, id, parseInput } = input;

type Resolver = (parent: unknown, args: unknown, context: TrustGraphQLContext) => Promise<unknown>;

export const queryResolvers: Record<string, Resolver> = {
  trustAccounts: (_parent, _args, context) => trustAccounts(context.trust),
  trustAccount: (_parent, args, context) =>
    trustAccount(context.trust, parseInput(z.object({ id }), args).id),
  clientLedger: async (_parent, args, context) => {
    const query = parseInput(
      z.object({
        trustAccountId: id,
        clientId: id,
        matterId: id,
        from: date.nullish().transform((value) => value ?? undefined),
        to: date.nullish().transform((value) => value ?? undefined),
      }),
      args,
    );
    const ledger = await clientLedger(context.trust, query);
    return {
      ...ledger,
      entries: ledger.entries.map(({ runningBalance, ...entry }) => ({ entry, runningBalance })),
    };
  },
  trustJournal: (_parent, args, context) =>
    trustJournal(
      context.trust,
      parseInput(z.object({ trustAccountId: id, from: date, to: date }), args),
    ),
  trustTrialBalance: (_parent, args, context) =>
    trustTrialBalance(
      context.trust,
      parseInput(z.object({ trustAccountId: id, asOf: date }), args),
    ),
  verifyTrustJournal: (_parent, args, context) =>
    verifyTrustJournal(
      context.trust,
      parseInput(z.object({ trustAccountId: id }), args).trustAccountId,
    ),
  trustReconciliation: (_parent, args, context) =>
    trustReconciliation(context.trust, parseInput(z.object({ id }), args).id),
  trustShortages: (_parent, args, context) =>
    trustShortages(
      context.trust,
      parseInput(z.object({ trustAccountId: id, status: input.oneOf(SHORTAGE_FILTERS) }), args),
    ),
  clientTrustStatement: (_parent, args, context) =>
    clientTrustStatement(
      context.trust,
      parseInput(
        z.object({
          trustAccountId: id,
          clientId: id,
          matterId: id.nullish().transform((value) => value ?? undefined),
          from: date,
          to: date,
        }),
        args,
      ),
    ),
};
