import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import {
  CREDIT_FACTORS,
  GRADES,
  type Band,
  type CreditPolicyDocument,
  type Grade,
} from '../domain/policy';

const grade = input.oneOf(GRADES);
const percent = z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100');
const positive = z.number().positive('must be more than zero');
const bound = z.number().finite().nullable();

const band = z.object({ from: bound, to: bound, points: z.int('must be a whole number') });

/** Bands must cover every value once: open below and above, each starting where the last ended. */
function checkBands(bands: Band[], ctx: z.RefinementCtx) {
  bands.forEach((current, i) => {
    if (current.from !== null && current.to !== null && current.from >= current.to) {
      ctx.addIssue({ code: 'custom', path: [i, 'to'], message: 'must be above the band’s from' });
    }
    if (i === 0 && current.from !== null) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'from'],
        message: 'must be null: the first band is open below',
      });
    }
    if (i === bands.length - 1 && current.to !== null) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'to'],
        message: 'must be null: the last band is open above',
      });
    }
    const next = bands[i + 1];
    if (!next) return;
    if (current.to === null || next.from === null || next.from < current.to) {
      ctx.addIssue({
        code: 'custom',
        path: [i + 1, 'from'],
        message: 'overlaps the band before it',
      });
    } else if (next.from > current.to) {
      ctx.addIssue({
        code: 'custom',
        path: [i + 1, 'from'],
        message: 'leaves a gap after the band before it',
      });
    }
  });
}

const factorRule = z.object({
  factor: input.oneOf(CREDIT_FACTORS),
  bands: z.array(band).min(1, 'must have at least one band').superRefine(checkBands),
  missingPoints: z.int('must be a whole number'),
});

const limit = z
  .array(
    input.money.refine((money) => money.minor >= 0n, {
      message: 'must not be negative',
      path: ['amount'],
    }),
  )
  .transform((limits) =>
    limits.map((money) => ({ currency: money.currency, amountMinor: money.minor })),
  );

const gradeTerms = z.object({
  grade,
  defaultLimits: limit,
  retainerPercent: percent,
  evergreenPercent: percent,
});

const cutoffs = z
  .object({ A: z.int(), B: z.int(), C: z.int(), D: z.int() })
  .superRefine((value, ctx) => {
    const order = ['A', 'B', 'C', 'D'] as const;
    for (let i = 1; i < order.length; i += 1) {
      if (value[order[i]!] >= value[order[i - 1]!]) {
        ctx.addIssue({
          code: 'custom',
          path: [order[i]!],
          message: `must be below ${order[i - 1]}'s cut-off`,
        });
      }
    }
  });

/** A policy document as drafted through the API, read strictly: every error names its field. */
export const creditPolicyInput = z
  .object({
    factors: z.array(factorRule).min(1, 'must score at least one factor'),
    scaling: z.object({ score0: z.number().finite(), odds0: positive, pdo: positive }),
    cutoffs,
    gradeTerms: z.array(gradeTerms),
    intake: z.object({
      referOverHeadroomMultiple: positive,
      declineOverHeadroomMultiple: positive,
      referGrades: z.array(grade),
      declineGrades: z.array(grade),
      practiceAreaRetainerPercent: z.array(
        z.object({ practiceArea: input.text, retainerPercent: percent }),
      ),
    }),
    holdGrade: grade.nullable(),
    thinFile: z.object({
      minInvoicesPaid: z.int().min(0),
      minTenureDays: z.int().min(0),
      outcome: input.oneOf(['APPROVE_WITH_RETAINER', 'REFER_TO_PARTNER']),
      retainerPercent: percent,
      evergreenPercent: percent,
      defaultLimits: limit,
    }),
    restoreMarginPercent: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100'),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.factors.forEach((rule, i) => {
      if (seen.has(rule.factor)) {
        ctx.addIssue({
          code: 'custom',
          path: ['factors', i, 'factor'],
          message: 'is scored twice',
        });
      }
      seen.add(rule.factor);
    });
    for (const g of GRADES) {
      const count = policy.gradeTerms.filter((terms) => terms.grade === g).length;
      if (count !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['gradeTerms'],
          message: `must give grade ${g} terms once`,
        });
      }
    }
    if (policy.intake.declineOverHeadroomMultiple < policy.intake.referOverHeadroomMultiple) {
      ctx.addIssue({
        code: 'custom',
        path: ['intake', 'declineOverHeadroomMultiple'],
        message: 'must be at least referOverHeadroomMultiple',
      });
    }
  })
  .transform(({ gradeTerms: terms, ...policy }): CreditPolicyDocument => ({
    ...policy,
    gradeTerms: Object.fromEntries(terms.map(({ grade: g, ...rest }) => [g, rest])) as Record<
      Grade,
      CreditPolicyDocument['gradeTerms'][Grade]
    >,
  }));
