import { z } from 'zod';
import { Money, MoneyError } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';
import { businessDateSchema, currencySchema, timeZoneSchema } from '@lexfin/contracts';
import { percentToPpm } from '../domain/percent';

/** Zod pieces for command inputs: each bad field is reported under its own name. */
export const id = z.uuid({ error: 'must be an id (UUID)' });
export const date = businessDateSchema;
export const currency = currencySchema;
export const timeZone = timeZoneSchema;
export const text = z.string().trim().min(1, 'must not be empty');
export const optionalText = z.string().trim().min(1, 'must not be empty').nullish();
export const idempotencyKey = z.string().min(1, 'must not be empty').max(200);

/** MoneyInput -> Money, strictly (never rounded). */
export const money = z
  .object({ amount: z.string(), currency: z.string() })
  .transform((value, ctx) => {
    try {
      return Money.parse(value.amount, value.currency);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      ctx.addIssue({
        code: 'custom',
        path: [error.code === 'UNKNOWN_CURRENCY' ? 'currency' : 'amount'],
        message: error.message,
      });
      return z.NEVER;
    }
  });

export const positiveMoney = money.refine((value) => value.isPositive(), {
  message: 'must be more than zero',
  path: ['amount'],
});

/** A percent as a decimal string, e.g. "8.875", held as parts per million. */
export const percent = z.string().transform((value, ctx) => {
  const ppm = percentToPpm(value);
  if (ppm === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a percent between 0 and 100 with at most 4 decimals, e.g. "8.875"',
    });
    return z.NEVER;
  }
  return ppm;
});

/** Hours as a decimal string in tenths ("1.5"): held as integer tenths, never a float. */
export const hours = z
  .string()
  .regex(/^\d{1,3}(\.\d)?$/, 'must be hours in tenths, e.g. "1.5"')
  .transform((value) => {
    const [whole, tenth = '0'] = value.split('.');
    return Number(whole) * 10 + Number(tenth);
  })
  .refine((tenths) => tenths > 0 && tenths <= 240, 'must be more than 0 and at most 24 hours');

export function tenthsToHours(tenths: number): string {
  return `${Math.trunc(tenths / 10)}.${tenths % 10}`;
}

/** Money for a matter or client must be in the currency it bills in. */
export function assertCurrency(value: Money, expected: string, field: string): void {
  if (value.currency !== expected) {
    throw new BadUserInputError({
      [`${field}.currency`]: `must be ${expected}, the billing currency`,
    });
  }
}

/**
 * The input of an update: the create fields plus the entity's id, each field optional and absent
 * meaning "unchanged" (so a create default such as `billable: true` must not apply here).
 */
export function updateInput<Key extends string, Shape extends z.ZodRawShape>(
  key: Key,
  shape: Shape,
) {
  const optional = Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [
      name,
      (schema instanceof z.ZodDefault
        ? (schema.unwrap() as z.ZodType)
        : (schema as z.ZodType)
      ).optional(),
    ]),
  );
  return z.object({ [key]: id, ...optional }) as unknown as z.ZodType<
    Record<Key, string> & Partial<z.output<z.ZodObject<Shape>>>
  >;
}
