import { z } from 'zod';
import { defineEvent } from '../define-event';
import {
  businessDateSchema,
  creditGradeSchema as gradeSchema,
  currencySchema,
  moneySchema,
  uuidSchema,
} from '../schemas';

// Events published by the credit-assessment service. Every export here is an event definition:
// the catalogue takes them all.

const breachCause = z.enum(['OVER_LIMIT', 'HOLD_GRADE']);

export const gradeChanged = defineEvent({
  service: 'credit',
  entity: 'grade',
  verb: 'changed',
  version: 1,
  description:
    "A client's credit grade changed (null: not graded, e.g. a thin file). Collections steers its ladder's tone by it.",
  data: z.object({
    clientId: uuidSchema,
    previousGrade: gradeSchema.nullable(),
    grade: gradeSchema.nullable(),
    score: z
      .int()
      .nullable()
      .describe('The scorecard score behind the grade; null when not graded'),
    thinFile: z.boolean(),
    policyVersion: z.int().min(1),
    asOf: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const limitBreached = defineEvent({
  service: 'credit',
  entity: 'limit',
  verb: 'breached',
  version: 1,
  description:
    "A client's exposure passed its credit limit, or its grade reached the policy's hold grade: billing puts the client's open matters on CREDIT hold. The event id is the breach id.",
  data: z.object({
    clientId: uuidSchema,
    currency: currencySchema,
    cause: breachCause,
    exposure: moneySchema,
    limit: moneySchema,
    grade: gradeSchema.nullable(),
    reason: z.string().min(1).describe('A sentence for the people who read the hold'),
    policyVersion: z.int().min(1),
    asOf: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});

export const limitRestored = defineEvent({
  service: 'credit',
  entity: 'limit',
  verb: 'restored',
  version: 1,
  description:
    "A client in breach is back within policy (exposure at or under the policy's restore margin of the limit, grade above the hold grade): billing releases the CREDIT holds, never a hold a person placed.",
  data: z.object({
    clientId: uuidSchema,
    currency: currencySchema,
    breachId: uuidSchema.describe('The id of the limit.breached event this ends'),
    exposure: moneySchema,
    limit: moneySchema,
    grade: gradeSchema.nullable(),
    policyVersion: z.int().min(1),
    asOf: businessDateSchema,
  }),
  clientIdOf: (data) => data.clientId,
});
