import { z } from 'zod';
import type { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform/errors';
import { input } from '@lexfin/service-kit';
import { moneyOutput } from '@lexfin/subgraph';
import { disputeInvoice, openDispute, resolveDispute } from '../app/cases/dispute-commands';
import { pauseCollections, resumeCollections } from '../app/cases/pause-commands';
import {
  acceptPaymentPlanProposal,
  approvePaymentPlan,
  createPaymentPlan,
  declinePaymentPlanProposal,
  proposePaymentPlan,
  type PlanTerms,
} from '../app/cases/plan-commands';
import { myOpenItems, optOutOfChannel } from '../app/cases/portal-commands';
import { promiseToPay, recordPromiseToPay } from '../app/cases/promise-commands';
import type { promiseView } from '../app/cases/arrangement-views';
import type { CollectionsGraphQLContext } from './context';
import { note, reason } from './text-limits';

const { id, date, idempotencyKey, money, oneOf, parseInput, positiveMoney, text } = input;

type Resolver = (
  parent: unknown,
  args: unknown,
  context: CollectionsGraphQLContext,
) => Promise<unknown>;

const out = (value: Money) => moneyOutput(value.minor, value.currency);
const nullable = <T>(value: T | null | undefined): T | null => value ?? null;

const promiseFields = {
  amount: positiveMoney,
  payBy: date,
  note: note.transform(nullable),
  idempotencyKey,
};

const planFields = {
  instalments: z
    .array(z.object({ dueOn: date, amount: positiveMoney }))
    .min(1)
    .max(52)
    .nullish(),
  total: positiveMoney.nullish(),
  count: z.int().min(1).max(52).nullish(),
  frequency: oneOf(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY'] as const).nullish(),
  firstDueOn: date.nullish(),
  graceDays: z.int().min(0).max(60),
  idempotencyKey,
};

type PlanArgs = z.output<z.ZodObject<typeof planFields>>;

/** Either instalments, or total, count, frequency and first date: not both, not half of one. */
function termsOf(args: PlanArgs): PlanTerms {
  if (args.instalments) {
    if (args.total || args.count || args.frequency || args.firstDueOn) {
      throw new BadUserInputError({ instalments: 'give instalments or total and count, not both' });
    }
    return { instalments: args.instalments };
  }
  const missing = (['total', 'count', 'frequency', 'firstDueOn'] as const).filter(
    (field) => !args[field],
  );
  if (missing.length > 0) {
    throw new BadUserInputError(
      Object.fromEntries(missing.map((field) => [field, 'is required without instalments'])),
    );
  }
  return {
    total: args.total!,
    count: args.count!,
    frequency: args.frequency!,
    firstDueOn: args.firstDueOn!,
  };
}

function promiseOutput(promise: ReturnType<typeof promiseView>) {
  return { ...promise, amount: out(promise.amount) };
}

function planOutput(plan: Awaited<ReturnType<typeof createPaymentPlan>>) {
  return {
    ...plan,
    total: out(plan.total),
    interest: out(plan.interest),
    instalments: plan.instalments.map((i) => ({ dueOn: i.dueOn, amount: out(i.amount) })),
  };
}

function disputeOutput(dispute: Awaited<ReturnType<typeof openDispute>>) {
  return {
    ...dispute,
    amount: out(dispute.amount),
    credited: dispute.credited === null ? null : out(dispute.credited),
  };
}

const planDecision = z.object({ planId: id, idempotencyKey });
const disputeFields = {
  invoiceId: id,
  lineId: id.nullish().transform(nullable),
  amount: positiveMoney,
  reason,
  idempotencyKey,
};

/** A case's arrangements: the client's, read once per request for every case asked (DataLoader). */
export const caseArrangementResolvers = {
  promises: async (
    parent: { clientId: string },
    _args: unknown,
    context: CollectionsGraphQLContext,
  ) => (await context.clientArrangements.load(parent.clientId)).promises.map(promiseOutput),
  paymentPlans: async (
    parent: { clientId: string },
    _args: unknown,
    context: CollectionsGraphQLContext,
  ) => (await context.clientArrangements.load(parent.clientId)).plans.map(planOutput),
  disputes: async (
    parent: { clientId: string },
    _args: unknown,
    context: CollectionsGraphQLContext,
  ) => (await context.clientArrangements.load(parent.clientId)).disputes.map(disputeOutput),
};

export const arrangementMutationResolvers: Record<string, Resolver> = {
  recordPromiseToPay: async (_parent, args, { scope }) =>
    promiseOutput(
      await recordPromiseToPay(scope, parseInput(z.object({ caseId: id, ...promiseFields }), args)),
    ),
  createPaymentPlan: async (_parent, args, { scope }) => {
    const parsed = parseInput(
      z.object({ caseId: id, interest: money.nullish(), ...planFields }),
      args,
    );
    return planOutput(
      await createPaymentPlan(scope, {
        caseId: parsed.caseId,
        terms: termsOf(parsed),
        graceDays: parsed.graceDays,
        interest: parsed.interest ?? null,
        idempotencyKey: parsed.idempotencyKey,
      }),
    );
  },
  acceptPaymentPlanProposal: async (_parent, args, { scope }) =>
    planOutput(await acceptPaymentPlanProposal(scope, parseInput(planDecision, args))),
  declinePaymentPlanProposal: async (_parent, args, { scope }) =>
    planOutput(await declinePaymentPlanProposal(scope, parseInput(planDecision, args))),
  approvePaymentPlan: async (_parent, args, { scope }) =>
    planOutput(await approvePaymentPlan(scope, parseInput(planDecision, args))),
  openDispute: async (_parent, args, { scope }) =>
    disputeOutput(
      await openDispute(
        scope,
        parseInput(z.object({ ...disputeFields, owner: text, deadline: date }), args),
      ),
    ),
  resolveDispute: async (_parent, args, { scope }) =>
    disputeOutput(
      await resolveDispute(
        scope,
        parseInput(
          z.object({
            disputeId: id,
            outcome: oneOf(['UPHELD', 'REJECTED', 'PARTIAL'] as const),
            amount: positiveMoney.nullish().transform(nullable),
            reason: text,
            idempotencyKey,
          }),
          args,
        ),
      ),
    ),
  pauseCollections: (_parent, args, { scope }) =>
    pauseCollections(
      scope,
      parseInput(
        z.object({
          scope: oneOf(['CLIENT', 'MATTER', 'INVOICE'] as const),
          id,
          reason: text,
          until: date,
          idempotencyKey,
        }),
        args,
      ),
    ),
  resumeCollections: (_parent, args, { scope }) =>
    resumeCollections(scope, parseInput(z.object({ pauseId: id, idempotencyKey }), args)),
  promiseToPay: async (_parent, args, { scope }) =>
    promiseOutput(await promiseToPay(scope, parseInput(z.object(promiseFields), args))),
  proposePaymentPlan: async (_parent, args, { scope }) => {
    const parsed = parseInput(z.object(planFields), args);
    return planOutput(
      await proposePaymentPlan(scope, {
        terms: termsOf(parsed),
        graceDays: parsed.graceDays,
        idempotencyKey: parsed.idempotencyKey,
      }),
    );
  },
  disputeInvoice: async (_parent, args, { scope }) =>
    disputeOutput(await disputeInvoice(scope, parseInput(z.object(disputeFields), args))),
  optOutOfChannel: (_parent, args, { scope }) =>
    optOutOfChannel(
      scope,
      parseInput(
        z.object({ channel: oneOf(['EMAIL', 'SMS', 'LETTER'] as const), idempotencyKey }),
        args,
      ),
    ),
};

export const portalQueryResolvers: Record<string, Resolver> = {
  myOpenItems: async (_parent, _args, { scope }) =>
    (await myOpenItems(scope)).map((item) => ({
      ...item,
      openAmount: out(item.openAmount),
      disputedAmount: out(item.disputedAmount),
    })),
};
