/**
 * `build` memoised per key: what is costly to build and the same each time (Intl formatters,
 * which template file a part comes from), built on first use and kept for the process.
 */
export function cached<T>(build: (key: string) => T): (key: string) => T {
  const built = new Map<string, T>();
  return (key) => {
    let found = built.get(key);
    if (found === undefined) {
      found = build(key);
      built.set(key, found);
    }
    return found;
  };
}
