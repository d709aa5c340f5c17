const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO-8601 instant, or a duration back from now (`90s`, `15m`, `2h`, `1d`). */
export function parseSince(value: string, now: Date): Date {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * units[relative[2]!]!);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) {
    throw new Error(`--since ${value}: give an ISO-8601 time or a duration such as 15m, 2h, 1d`);
  }
  return instant;
}

/** Whole seconds between two instants, for ages. */
export function secondsBetween(earlier: Date, later: Date): number {
  return Math.max(0, Math.floor((later.getTime() - earlier.getTime()) / 1_000));
}
