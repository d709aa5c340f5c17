import type { GraphQLResolverMap } from '@apollo/subgraph';
import { z } from 'zod';
import { roundedRatio } from '../domain/weighted';
import { allow, input } from '@lexfin/service-kit';
import { assessMatterIntake } from '../app/decisions/assess-intake';
import {
  creditDecisions,
  overrideCreditDecision,
  replayCreditDecision,
} from '../app/decisions/decisions';
import { setCreditLimit } from '../app/limits/set-limit';
import { toStoredJson } from '../app/json';
import {
  creditPolicies,
  creditPolicy,
  draftCreditPolicy,
  publishCreditPolicy,
} from '../app/policy/policies';
import type { StoredPolicy } from '../app/policy/policy-store';
import { simulateCreditPolicy } from '../app/policy/simulate';
import { creditConsistencyCheck } from '../app/profile/consistency-check';
import { clientsOverLimit, creditPortfolio } from '../app/profile/portfolio';
import type { CreditProfileView } from '../app/profile/profile-view';
import { profileAsOf } from '../app/profile/profiles';
import { rescoreFirm } from '../app/profile/rescore-firm';
import { CREDIT_READERS } from '../app/roles';
import { INTAKE_OUTCOMES } from '../domain/policy';
import type { CreditGraphQLContext } from './context';
import { creditPolicyInput } from './policy-input';

type Context = CreditGraphQLContext;
type Reference = { id: string };

function read<S extends z.ZodType, R>(
  schema: S,
  run: (context: Context, args: z.output<S>) => Promise<R>,
) {
  return (_parent: unknown, args: unknown, context: Context) =>
    run(context, input.parseInput(schema, args));
}

function policyView(stored: StoredPolicy) {
  const { version, ...document } = stored.policy;
  return {
    version,
    published: version === 1 || stored.publishedAt !== null,
    draftedBy: stored.draftedBy,
    draftedAt: stored.draftedAt?.toISOString() ?? null,
    publishedBy: stored.publishedBy,
    publishedAt: stored.publishedAt?.toISOString() ?? null,
    document: toStoredJson(document),
  };
}

/** A profile field only the credit readers see; billing clerks and collectors get grade and reasons. */
function restricted<T>(pick: (profile: CreditProfileView) => T) {
  return (profile: CreditProfileView, _args: unknown, context: Context) => {
    allow(context.caller, CREDIT_READERS);
    return pick(profile);
  };
}

const version = z.object({ version: z.int().min(1) });
const limitOf = (args: { first?: number | null }) => args.first ?? 50;

export const resolvers: GraphQLResolverMap<Context> = {
  Query: {
    creditProfile: read(
      z.object({ clientId: input.id, asOf: input.date.nullish() }),
      (context, args) =>
        args.asOf
          ? profileAsOf(context.deps, context.caller, args.clientId, args.asOf)
          : context.profiles.load(args.clientId),
    ),
    clientsOverLimit: read(
      z.object({ first: input.pageSize(500, 50).nullish() }),
      (context, args) => clientsOverLimit(context.deps, context.caller, limitOf(args)),
    ),
    creditDecisions: read(z.object({ clientId: input.id }), (context, args) =>
      creditDecisions(context.deps, context.caller, args.clientId),
    ),
    replayCreditDecision: read(z.object({ decisionId: input.id }), (context, args) =>
      replayCreditDecision(context.deps, context.caller, args.decisionId),
    ),
    creditPortfolio: read(
      z.object({ largest: input.pageSize(100, 10).nullish() }),
      (context, args) => creditPortfolio(context.deps, context.caller, args.largest ?? 10),
    ),
    creditPolicy: read(version, async (context, args) =>
      policyView(await creditPolicy(context.deps, context.caller, args.version)),
    ),
    creditPolicies: async (_parent: unknown, _args: unknown, context: Context) =>
      (await creditPolicies(context.deps, context.caller)).map(policyView),
    simulateCreditPolicy: read(z.object({ draftVersion: z.int().min(1) }), (context, args) =>
      simulateCreditPolicy(context.deps, context.caller, args.draftVersion),
    ),
    creditConsistencyCheck: (_parent: unknown, _args: unknown, context: Context) =>
      creditConsistencyCheck(context.deps, context.caller),
  },
  Mutation: {
    draftCreditPolicy: read(z.object({ policy: creditPolicyInput }), async (context, args) =>
      policyView(await draftCreditPolicy(context.deps, context.caller, args.policy)),
    ),
    publishCreditPolicy: read(version, async (context, args) => {
      const published = await publishCreditPolicy(context.deps, context.caller, args.version);
      await rescoreFirm(context.deps, context.caller);
      return policyView(published);
    }),
    assessMatterIntake: read(
      z.object({
        idempotencyKey: input.idempotencyKey,
        input: z.object({
          clientId: input.id.nullish().transform((id) => id ?? null),
          practiceArea: input.text,
          billingArrangement: input.oneOf(['HOURLY', 'FLAT_FEE', 'CONTINGENCY', 'HYBRID']),
          estimatedFees: input.positiveMoney,
        }),
      }),
      (context, { idempotencyKey, input: request }) =>
        assessMatterIntake(
          context.deps,
          context.caller,
          {
            ...request,
            estimatedFees: {
              currency: request.estimatedFees.currency,
              amountMinor: request.estimatedFees.minor,
            },
          },
          idempotencyKey,
        ),
    ),
    overrideCreditDecision: read(
      z.object({
        decisionId: input.id,
        outcome: input.oneOf(INTAKE_OUTCOMES),
        reason: input.text,
        idempotencyKey: input.idempotencyKey,
      }),
      (context, { idempotencyKey, ...request }) =>
        overrideCreditDecision(context.deps, context.caller, request, idempotencyKey),
    ),
    setCreditLimit: read(
      z.object({
        clientId: input.id,
        amount: input.money.refine((money) => money.minor >= 0n, {
          message: 'must not be negative',
          path: ['amount'],
        }),
        reason: input.text,
        idempotencyKey: input.idempotencyKey,
      }),
      (context, { idempotencyKey, amount, ...request }) =>
        setCreditLimit(
          context.deps,
          context.caller,
          { ...request, amountMinor: amount.minor, currency: amount.currency },
          idempotencyKey,
        ),
    ),
  },
  CreditProfile: {
    asOf: restricted((profile) => profile.asOf),
    policyVersion: restricted((profile) => profile.policyVersion),
    score: restricted((profile) => profile.score),
    paymentIndex: restricted((profile) => profile.paymentIndex),
    exposure: restricted((profile) => profile.exposure),
    onHold: restricted((profile) => profile.onHold),
    holds: restricted((profile) => profile.holds),
    trend: restricted((profile) => profile.features.trend),
    tenureDays: restricted((profile) => profile.features.tenureDays),
    invoicesPaid: restricted((profile) => profile.features.invoicesPaid),
    daysToPay: restricted((profile) => profile.features.daysToPay),
    daysBeyondTerms: restricted((profile) => profile.features.daysBeyondTerms),
    sharePaidLate: restricted((profile) => profile.features.sharePaidLate),
    longestDaysPastDue: restricted((profile) => profile.features.longestDaysPastDue),
    bouncedPayments: restricted((profile) => profile.features.bouncedPayments),
    writeOffs: restricted((profile) => profile.features.writeOffs),
    creditNotes: restricted((profile) => profile.features.creditNotes),
    openDisputes: restricted((profile) => profile.features.openDisputes),
    brokenPromises: restricted((profile) => profile.features.brokenPromises),
    shareOfFirmReceivables: async (
      profile: CreditProfileView,
      _args: unknown,
      context: Context,
    ) => {
      allow(context.caller, CREDIT_READERS);
      const firm = await context.firmReceivables();
      return profile.features.currencies.flatMap((position) => {
        const total = firm.find((amount) => amount.currency === position.currency);
        if (!total || total.amountMinor <= 0n) return [];
        return [
          {
            currency: position.currency,
            share: roundedRatio(position.openReceivablesMinor, total.amountMinor, 4),
          },
        ];
      });
    },
  },
  ClientOverLimit: {
    client: (row: { clientId: string }) => ({ __typename: 'Client', id: row.clientId }),
  },
  ClientExposureTotal: {
    client: (row: { clientId: string }) => ({ __typename: 'Client', id: row.clientId }),
  },
  Client: {
    __resolveReference: (reference: Reference) => ({ id: reference.id }),
    creditProfile: (client: Reference, _args: unknown, context: Context) =>
      context.profiles.load(client.id),
  },
  Matter: {
    __resolveReference: (reference: Reference) => ({ id: reference.id }),
    exposure: (matter: Reference, _args: unknown, context: Context) =>
      context.matterExposure.load(matter.id),
  },
} as GraphQLResolverMap<Context>;
