import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, envInteger } from '@lexfin/platform';

const DEPLOY_DIR = join(__dirname, '..', '..', '..', 'deploy');

/** The gateway's own variables; each limit has a default a firm front-end never comes near. */
export const gatewayConfigShape = {
  GATEWAY_SUPERGRAPH_FILE: z.string().default(join(DEPLOY_DIR, 'supergraph.graphql')),
  /** The services' REST routes the gateway serves at the same paths (`pnpm supergraph`). */
  GATEWAY_REST_ROUTES_FILE: z.string().default(join(DEPLOY_DIR, 'rest-routes.json')),
  /** Where each subgraph is in this environment, e.g. `billing=http://billing:4001/graphql,...`. */
  GATEWAY_SUBGRAPH_URLS: z.string().default(''),
  /** Development: the firm whose token the GraphQL IDE at /graphql starts with (`pnpm start` sets it). */
  GATEWAY_SANDBOX_FIRM_ID: z.uuid().optional(),
  GATEWAY_MAX_DEPTH: envInteger({ min: 2, max: 100, example: '12' }).default(12),
  GATEWAY_MAX_COST: envInteger({ min: 10, max: 100_000, example: '2000' }).default(2_000),
  GATEWAY_RATE_LIMIT_PER_MINUTE: envInteger({ min: 1, max: 10_000_000, example: '6000' }).default(
    6_000,
  ),
  GATEWAY_BODY_LIMIT_BYTES: envInteger({ min: 1_024, max: 10_485_760, example: '102400' }).default(
    100 * 1024,
  ),
};

/** `name=url,name=url` as a map; an entry without `=` is a configuration mistake. */
export function parseSubgraphUrls(value: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || !URL.canParse(entry.slice(at + 1))) {
      throw new ConfigError([
        `GATEWAY_SUBGRAPH_URLS entry "${entry}" must be name=url (e.g. billing=http://billing:4001/graphql)`,
      ]);
    }
    urls[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return urls;
}

/** Each service's base URL (`http://host:port`), from where its subgraph is. */
export function serviceBaseUrls(subgraphUrls: Readonly<Record<string, string>>) {
  return Object.fromEntries(
    Object.entries(subgraphUrls).map(([name, url]) => [name, new URL(url).origin]),
  );
}
