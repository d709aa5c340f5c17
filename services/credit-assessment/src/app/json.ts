/**
 * Stored JSON (features, assessments, decisions) keeps bigints exactly: written as `"123n"`
 * strings, read back as bigints, so a snapshot reads back equal to what was stored.
 */
const BIGINT = /^-?\d+n$/;

export function toStoredJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${item}n` : item,
  );
}

/** Reads back a jsonb value pg has already parsed (or JSON text). */
export function fromStoredJson<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.parse(text, (_key, item: unknown) =>
    typeof item === 'string' && BIGINT.test(item) ? BigInt(item.slice(0, -1)) : item,
  ) as T;
}
