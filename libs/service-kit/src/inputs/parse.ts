import type { z } from 'zod';
import { fromZodError } from '@lexfin/platform';

/** Validates what a caller sent; every problem is BAD_USER_INPUT naming its field by path. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
