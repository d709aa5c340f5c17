/** Resolves when a dependency (database, Redis, Kafka...) answers; rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  /** `ok`, or `unreachable: <short reason>`, per check. */
  checks: Record<string, string>;
}

const MAX_REASON_LENGTH = 120;

/** Runs every check in parallel; a check that has not answered within `timeoutMs` is unreachable. */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await outcome(check, timeoutMs)]),
  );
  return {
    ready: outcomes.every(([, result]) => result === 'ok'),
    checks: Object.fromEntries(outcomes),
  };
}

async function outcome(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A check may throw synchronously instead of rejecting.
    await Promise.race([Promise.resolve().then(check), timeout]);
    return 'ok';
  } catch (error) {
    return `unreachable: ${shortReason(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0]?.trim() || 'unknown error';
  return firstLine.length > MAX_REASON_LENGTH
    ? `${firstLine.slice(0, MAX_REASON_LENGTH - 1)}…`
    : firstLine;
}
