import { z } from 'zod';
import { businessDateSchema } from '@lexfin/contracts';
import { BadUserInputError, fromZodError } from '@lexfin/platform';
import { parseMoneyInput, type MoneyInput } from '@lexfin/subgraph';

export const id = z.uuid({ error: 'must be a UUID' });
export const date = businessDateSchema;
// PostgreSQL cannot store a NUL character in text: refuse it here, naming the field.
export const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');
export const optionalText = text.nullish();
export const key = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
export const moneyInput = z.object({ amount: z.string(), currency: z.string() });

/** Validates resolver arguments; a problem is BAD_USER_INPUT naming each field by its path. */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** A strictly parsed, positive amount: `{ amountMinor, currency }`. */
export function positiveAmount(input: MoneyInput, field: string) {
  const money = parseMoneyInput(input, field);
  if (!money.isPositive()) {
    throw new BadUserInputError({ [`${field}.amount`]: 'must be greater than zero' });
  }
  return { amountMinor: money.minor, currency: money.currency };
}
