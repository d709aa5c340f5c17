/**
 * The paths at which two JSON-like values differ (bigints compared exactly), for replay to name
 * what changed. jsonb does not keep key order, so objects are compared key by key.
 */
export function differences(stored: unknown, replayed: unknown, path = ''): string[] {
  if (Object.is(stored, replayed)) return [];
  const bothObjects =
    typeof stored === 'object' &&
    stored !== null &&
    typeof replayed === 'object' &&
    replayed !== null;
  if (!bothObjects || Array.isArray(stored) !== Array.isArray(replayed)) return [path || '(whole)'];
  const a = stored as Record<string, unknown>;
  const b = replayed as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => differences(a[key], b[key], path ? `${path}.${key}` : key));
}
