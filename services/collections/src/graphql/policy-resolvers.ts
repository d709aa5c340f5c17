import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import { collectionPolicy, publishCollectionPolicy } from '../app/cases/policy-commands';
import {
  HARD_LIMITS,
  RESPONSIBLE_ROLES,
  SEGMENTS,
  STAGE_CHANNELS,
  STAGE_KINDS,
  TEMPLATE_KEYS,
  type CollectionPolicy,
} from '../domain/policy';
import type { CollectionsGraphQLContext } from './context';

const { idempotencyKey, oneOf, optionalText, parseInput, text } = input;

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time of day as HH:MM')
  .transform((value) => Number(value.slice(0, 2)) * 3600 + Number(value.slice(3)) * 60);
const showTime = (second: number) =>
  `${String(Math.floor(second / 3600)).padStart(2, '0')}:${String((second % 3600) / 60).padStart(2, '0')}`;

const stage = z.object({
  kind: oneOf(STAGE_KINDS),
  offsetDays: z.int().min(-60).max(730),
  channel: oneOf(STAGE_CHANNELS),
  templateKey: oneOf(TEMPLATE_KEYS)
    .nullish()
    .transform((value) => value ?? null),
  responsibleRole: oneOf(RESPONSIBLE_ROLES),
});

const policyInput = z.object({
  ladder: z.array(stage).min(1),
  variants: z.array(z.object({ segment: oneOf(SEGMENTS), stages: z.array(stage).min(1) })),
  limits: z.object({
    maxAttemptsIn7Days: z.int().min(1).max(HARD_LIMITS.maxAttemptsIn7Days),
    maxCallsIn7Days: z.int().min(0).max(HARD_LIMITS.maxCallsIn7Days),
    quietDaysAfterConversation: z.int().min(HARD_LIMITS.quietDaysAfterConversation).max(60),
    windowStart: clockTime,
    windowEnd: clockTime,
  }),
  feeArbitrationRegions: z.array(
    z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code such as US-CA'),
  ),
  skipNonWorkingDays: z.boolean(),
  payWithinDays: z.int().min(1).max(90),
  letterMailDays: z.int().min(0).max(30),
  senderName: text,
  replyToEmail: z
    .email()
    .nullish()
    .transform((value) => value ?? null),
  senderPhone: optionalText.transform((value) => value ?? null),
  maxPromiseDays: z.int().min(1).max(365),
  maxPauseDays: z.int().min(1).max(365),
  disputeReminderDays: z.int().min(0).max(60),
  instalmentReminderDays: z.int().min(0).max(30),
});

function policyOutput(policy: CollectionPolicy) {
  return {
    version: policy.version,
    ladder: policy.ladder,
    variants: Object.entries(policy.variants).map(([segment, ladder]) => ({
      segment,
      stages: ladder ?? [],
    })),
    limits: {
      maxAttemptsIn7Days: policy.limits.maxAttemptsIn7Days,
      maxCallsIn7Days: policy.limits.maxCallsIn7Days,
      quietDaysAfterConversation: policy.limits.quietDaysAfterConversation,
      windowStart: showTime(policy.limits.windowStartSecond),
      windowEnd: showTime(policy.limits.windowEndSecond),
    },
    feeArbitrationRegions: policy.feeArbitrationRegions,
    skipNonWorkingDays: policy.skipNonWorkingDays,
    payWithinDays: policy.payWithinDays,
    letterMailDays: policy.letterMailDays,
    senderName: policy.sender.name,
    replyToEmail: policy.sender.replyToEmail,
    senderPhone: policy.sender.phone,
    ...policy.arrangements,
  };
}

type Resolver = (
  parent: unknown,
  args: unknown,
  context: CollectionsGraphQLContext,
) => Promise<unknown>;

export const policyQueryResolvers: Record<string, Resolver> = {
  collectionPolicy: async (_parent, _args, { scope }) =>
    policyOutput(await collectionPolicy(scope)),
};

export const policyMutationResolvers: Record<string, Resolver> = {
  publishCollectionPolicy: async (_parent, args, { scope }) => {
    const request = parseInput(z.object({ input: policyInput, idempotencyKey }), args);
    const {
      limits,
      variants,
      senderName,
      replyToEmail,
      senderPhone,
      maxPromiseDays,
      maxPauseDays,
      disputeReminderDays,
      instalmentReminderDays,
      ...rest
    } = request.input;
    const published = await publishCollectionPolicy(scope, {
      idempotencyKey: request.idempotencyKey,
      policy: {
        ...rest,
        variants: Object.fromEntries(variants.map((variant) => [variant.segment, variant.stages])),
        limits: {
          maxAttemptsIn7Days: limits.maxAttemptsIn7Days,
          maxCallsIn7Days: limits.maxCallsIn7Days,
          quietDaysAfterConversation: limits.quietDaysAfterConversation,
          windowStartSecond: limits.windowStart,
          windowEndSecond: limits.windowEnd,
          nonWorkingDays: [],
        },
        sender: { name: senderName, replyToEmail, phone: senderPhone },
        arrangements: {
          maxPromiseDays,
          maxPauseDays,
          disputeReminderDays,
          instalmentReminderDays,
        },
      },
    });
    return policyOutput(published);
  },
};
