import { z } from 'zod';

const NOT_OURS = 'is not a cursor this query returned';

export interface KeysetCursor<Key extends readonly unknown[]> {
  /** The opaque cursor after the row whose sort key is `key`. */
  encode(key: Key): string;
  /** Reads a cursor argument; absent is undefined, forged or from another query BAD_USER_INPUT. */
  schema: z.ZodType<Key | undefined, string | null | undefined>;
}

/**
 * Keyset pagination cursors of one query (`kind`): the sort key of the last row returned, tagged
 * with the query it belongs to. Each part is checked against `parts` before it reaches SQL, so a
 * forged or foreign cursor is the caller's error, never the database's.
 */
export function keysetCursor<const Parts extends readonly [z.ZodType, ...z.ZodType[]]>(
  kind: string,
  parts: Parts,
): KeysetCursor<{ [Index in keyof Parts]: z.output<Parts[Index]> }> {
  type Key = { [Index in keyof Parts]: z.output<Parts[Index]> };
  const key = z.tuple(parts as unknown as [z.ZodType, ...z.ZodType[]]);
  return {
    encode: (values) => Buffer.from(JSON.stringify([kind, ...values])).toString('base64url'),
    schema: z
      .string()
      .nullish()
      .transform((cursor, ctx) => {
        if (cursor === null || cursor === undefined) return undefined;
        const decoded = decode(cursor);
        const parsed =
          Array.isArray(decoded) && decoded[0] === kind ? key.safeParse(decoded.slice(1)) : null;
        if (!parsed?.success) {
          ctx.addIssue({ code: 'custom', message: NOT_OURS });
          return z.NEVER;
        }
        return parsed.data as unknown as Key;
      }) as unknown as z.ZodType<Key | undefined, string | null | undefined>,
  };
}

function decode(cursor: string): unknown {
  if (!/^[\w-]{1,1024}$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
}
