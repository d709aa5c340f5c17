import type { ReadinessCheck } from '@lexfin/platform';

/** As long as /readyz waits for any check: a request past it must not linger. */
const ANSWER_WITHIN_MS = 2_000;

/**
 * One readiness check per subgraph: the gateway is of no use to a front-end while a service it
 * federates does not answer, so /readyz names that service. Liveness (`/healthz`), not the
 * subgraph's own readiness: a service that is up but waiting for its database reports that itself.
 */
export function subgraphReadiness(
  serviceUrls: Readonly<Record<string, string>>,
): Record<string, ReadinessCheck> {
  return Object.fromEntries(
    Object.entries(serviceUrls).map(([name, origin]) => [
      `subgraph ${name}`,
      async () => {
        const response = await fetch(`${origin}/healthz`, {
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`${origin}/healthz answered ${response.status}`);
      },
    ]),
  );
}
