/**
 * pnpm bench gateway [-- --seconds 10]
 *
 * The same federated query (a page of clients with each client's trust balance: two subgraphs)
 * through each candidate gateway, and the list part alone straight against its subgraph, at 1
 * and 50 connections, with varied arguments and 20 firms' tokens (so de-duplication of identical
 * requests is not flattered). Subgraphs, gateway and load generator each run on their own thread.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { composeSubgraphs } from '@lexfin/gateway/dist/supergraph/compose-supergraph.js';
import { mintToken, redisUrl, testJwtSecret, uniqueRedisPrefix } from '@lexfin/testing';
import { balancesTypeDefs, clientsTypeDefs } from './lib/bench-schemas.mts';
import type { GatewayCandidate } from './lib/gateway-worker.mts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const seconds = Number(args.seconds);
process.env.LEXFIN_JWT_SECRET ??= testJwtSecret;

function start<T>(script: string, workerData?: unknown): Promise<{ worker: Worker; ready: T }> {
  const worker = new Worker(new URL(script, import.meta.url), { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (ready: T) => resolve({ worker, ready }));
    worker.once('error', reject);
  });
}

function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('message', () => void worker.terminate().then(() => resolve()));
    worker.postMessage('close');
  });
}

const tokens = await Promise.all(
  Array.from({ length: 20 }, (_, i) =>
    mintToken({
      firmId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      roles: ['billing_clerk'],
    }),
  ),
);

const federatedQuery =
  'query ClientBalances($first: Int!, $offset: Int!) { clients(first: $first, offset: $offset) { id displayName trustBalance { amount currency } } }';
const listQuery =
  'query Clients($first: Int!, $offset: Int!) { clients(first: $first, offset: $offset) { id displayName } }';

interface Measured {
  target: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(
  target: string,
  url: string,
  query: string,
  connections: number,
  duration: number,
): Promise<Measured> {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          n++;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[n % tokens.length]}`,
            },
            body: JSON.stringify({
              query,
              variables: { first: 1 + (n % 10), offset: (n * 7) % 1_000 },
            }),
          };
        },
      },
    ],
  });
  return {
    target,
    connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

async function checkAnswers(url: string, query: string, field: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` },
    body: JSON.stringify({ query, variables: { first: 2, offset: 5 } }),
  });
  const body = (await response.json()) as { data?: { clients?: Array<Record<string, unknown>> } };
  if (!body.data?.clients?.[1]?.[field])
    throw new Error(`${url} did not answer the benchmark query: ${JSON.stringify(body)}`);
}

async function measure(target: string, url: string, query: string): Promise<Measured[]> {
  await load(target, url, query, 10, 2); // warm-up: JIT, connection pools, plan caches
  const results = [];
  for (const connections of [1, 50])
    results.push(await load(target, url, query, connections, seconds));
  return results;
}

const subgraphs = await start<{ clientsUrl: string; balancesUrl: string }>(
  './lib/subgraphs-worker.mts',
);
const supergraphSdl = composeSubgraphs([
  { name: 'clients', url: subgraphs.ready.clientsUrl, typeDefs: clientsTypeDefs },
  { name: 'balances', url: subgraphs.ready.balancesUrl, typeDefs: balancesTypeDefs },
]);

const results: Measured[] = [];
await checkAnswers(subgraphs.ready.clientsUrl, listQuery, 'displayName');
results.push(
  ...(await measure('direct: clients subgraph (list only)', subgraphs.ready.clientsUrl, listQuery)),
);

const candidates: Array<[GatewayCandidate['engine'], string]> = [
  ['apollo', '@apollo/gateway on @apollo/server'],
  ['hive', 'Hive Gateway (upstream de-duplication on)'],
  ['hive-no-dedup', 'Hive Gateway (upstream de-duplication off)'],
];
for (const [engine, label] of candidates) {
  const candidate: GatewayCandidate = {
    engine,
    supergraphSdl,
    redisUrl: redisUrl(),
    redisPrefix: uniqueRedisPrefix(),
  };
  const gateway = await start<{ url: string }>('./lib/gateway-worker.mts', candidate);
  await checkAnswers(gateway.ready.url, federatedQuery, 'trustBalance');
  results.push(...(await measure(label, gateway.ready.url, federatedQuery)));
  await stop(gateway.worker);
}
await stop(subgraphs.worker);

const direct = results.find(
  (result) => result.target.startsWith('direct') && result.connections === 1,
)!;
console.log(
  `\ngateway benchmark: ${seconds} s per run, varied arguments, 20 firms' tokens; Node ${process.versions.node}`,
);
console.log(
  `${'target'.padEnd(46)} conns   req/s     p50     p99  failures  p50 overhead vs direct`,
);
for (const result of results) {
  const overhead =
    result.connections === 1 && !result.target.startsWith('direct')
      ? `${(result.p50 - direct.p50).toFixed(1)} ms`
      : '';
  console.log(
    `${result.target.padEnd(46)} ${String(result.connections).padStart(5)} ${result.requestsPerSecond.toFixed(0).padStart(7)} ${`${result.p50} ms`.padStart(7)} ${`${result.p99} ms`.padStart(7)} ${String(result.failures).padStart(9)}  ${overhead}`,
  );
}
console.log(JSON.stringify({ bench: 'gateway', seconds, results }));
