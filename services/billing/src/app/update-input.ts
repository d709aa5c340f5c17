import { z } from 'zod';
import { input } from '@lexfin/service-kit';

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
  return z.object({ [key]: input.id, ...optional }) as unknown as z.ZodType<
    Record<Key, string> & Partial<z.output<z.ZodObject<Shape>>>
  >;
}

/** The columns a command sets: those left undefined stay as they are. */
export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
