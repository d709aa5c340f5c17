/**
 * `pnpm start`: runs the platform on this machine. scripts/lexfin.sh has already put Node 24 on
 * PATH, installed dependencies, made PostgreSQL and Redis reachable, built everything and made the
 * run folder (LEXFIN_RUN_DIR).
 *
 * Here: a Kafka broker (KAFKA_BROKERS, else our mock broker with every catalogue topic), then
 * every service that exists (services/<name>/package.json with a "lexfin" section: port,
 * database): its database and app role, its migrations, the service itself, its readiness; the
 * gateway last, since it is ready only when its subgraphs answer; then the demo firm (unless
 * --no-demo), the URLs and development tokens. Each service's log is a file in the run folder.
 *
 * Ctrl-C or SIGTERM stops the gateway, then the services, then the broker, and returns; a second
 * one kills whatever is still running.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { prettyFactory } from 'pino-pretty';
import { allTopics, deadLetterTopicFor } from '@lexfin/contracts';
import { databaseUrlFor, ensureServiceDatabase } from '@lexfin/persistence';
import { mockFetchMaxWaitMs, repoRoot, startKafkaMock } from '@lexfin/testing';
import { loadDemo } from './demo/load-demo.mjs';
import { demoFirmId, developmentEnv, developmentToken, staffRoles } from './dev-env.mjs';

const { values: options } = parseArgs({
  options: { 'no-demo': { type: 'boolean', default: false } },
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});
const root = repoRoot(import.meta.dirname);
const env = developmentEnv();
/** Another set of ports and databases, for a second platform beside the first (its test). */
const portOffset = Number(env.LEXFIN_PORT_OFFSET ?? 0);
const databasePrefix = env.LEXFIN_DATABASE_PREFIX ?? '';
const runDir =
  env.LEXFIN_RUN_DIR ??
  join(
    root,
    '.run',
    new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z'),
  );
mkdirSync(runDir, { recursive: true });
const shownRunDir = relative(process.cwd(), runDir) || '.';
/** A person at a terminal reads the logs: pino's pretty printer writes them. Scripts get JSON. */
const pretty = process.stdout.isTTY
  ? prettyFactory({ colorize: false, translateTime: 'SYS:HH:MM:ss.l' })
  : null;
/** How long each process may take to stop before it is killed (the whole within 10 s). */
const STOP_WITHIN_MS = 4_000;

const say = (line) => process.stdout.write(`lexfin: ${line}\n`);
const seconds = (startedAt) => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const running = [];
let kafka;
let stopping = false;

async function main() {
  const services = discoverServices();
  await startBroker();
  const [gateways, others] = [
    services.filter((service) => !service.database),
    services.filter((service) => service.database),
  ];
  // The domain services start together; the gateway needs them answering.
  await Promise.all(others.map(startService));
  for (const gateway of gateways) await startService(gateway);
  if (stopping) return;

  const gatewayUrl = `http://127.0.0.1:${4000 + portOffset}`;
  if (!options['no-demo'] && gateways.length > 0) {
    const startedAt = performance.now();
    say('▸ demo firm: loading through the gateway');
    const outcome = await loadDemo({ gatewayUrl, env, say: (line) => say(`  ${line}`) });
    say(`✓ demo firm: ${outcome} (${seconds(startedAt)})`);
  }
  if (stopping) return;
  await printUrlBlock(services, gatewayUrl);
}

async function startBroker() {
  if (env.KAFKA_BROKERS) {
    say(`Kafka: ${env.KAFKA_BROKERS}`);
    return;
  }
  const startedAt = performance.now();
  // The services create their dead-letter topics through Kafka's admin API only when missing,
  // which the mock cannot take: it gets them here, from the consumers the services declare.
  const deadLetterTopics = (await declaredConsumerGroups()).map((group) => ({
    name: deadLetterTopicFor(group),
    partitions: 1,
  }));
  kafka = await startKafkaMock({ topics: [...allTopics(), ...deadLetterTopics] });
  Object.assign(env, {
    KAFKA_BROKERS: kafka.bootstrap,
    KAFKA_IDEMPOTENT: 'false',
    KAFKA_FETCH_MAX_WAIT_MS: String(mockFetchMaxWaitMs),
  });
  say(`✓ Kafka: development broker at ${kafka.bootstrap} (${seconds(startedAt)})`);
}

/** The consumer groups of the services the gateway composes (deploy/subgraphs.json), as built. */
async function declaredConsumerGroups() {
  const entries = JSON.parse(readFileSync(join(root, 'deploy', 'subgraphs.json'), 'utf8'));
  const groups = [];
  for (const entry of entries) {
    const module = await import(pathToFileURL(join(root, entry.serviceModule)).href);
    const declaration = module[entry.serviceExport] ?? module.default?.[entry.serviceExport];
    groups.push(...(declaration?.consumers ?? []).map((consumer) => consumer.group));
  }
  return groups;
}

function discoverServices() {
  const dir = join(root, 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, manifest: join(dir, name, 'package.json') }))
    .filter(({ manifest }) => existsSync(manifest))
    .map(({ name, manifest }) => {
      const service = {
        name,
        dir: join(dir, name),
        ...JSON.parse(readFileSync(manifest, 'utf8')).lexfin,
      };
      return {
        ...service,
        port: service.port + portOffset,
        database: service.database && `${databasePrefix}${service.database}`,
      };
    })
    .filter((service) => !Number.isNaN(service.port))
    .sort((a, b) => a.port - b.port);
}

function serviceEnv(service) {
  const own = { ...env, PORT: String(service.port) };
  if (service.database) {
    own.DATABASE_MIGRATION_URL = databaseUrlFor(env.DATABASE_ADMIN_URL, service.database);
    own.DATABASE_URL = databaseUrlFor(
      env.DATABASE_ADMIN_URL,
      service.database,
      env.DATABASE_APP_ROLE,
    );
  } else {
    // The gateway: where the subgraphs are when the ports are not the composed ones.
    const subgraphs = discoverServices().filter((other) => other.database);
    own.GATEWAY_SUBGRAPH_URLS = subgraphs
      .map((other) => `${other.name}=http://127.0.0.1:${other.port}/graphql`)
      .join(',');
    own.GATEWAY_SANDBOX_FIRM_ID = demoFirmId;
  }
  return own;
}

async function startService(service) {
  if (stopping) return;
  const startedAt = performance.now();
  const ownEnv = serviceEnv(service);
  const logFile = join(runDir, `${service.name}.log`);
  if (service.database) {
    await ensureServiceDatabase(env.DATABASE_ADMIN_URL, service.database, env.DATABASE_APP_ROLE);
    await run(service, ['dist/main.js', 'migrate'], ownEnv, logFile);
  }
  if (stopping) return;
  // Its own process group: Ctrl-C reaches this script alone, which stops the services in order.
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: service.dir,
    env: ownEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  logTo(child, logFile);
  const entry = { service, child, logFile };
  running.push(entry);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(
      `✗ ${service.name} exited (${signal ?? `code ${code}`}); its log: ${relative(process.cwd(), logFile)}`,
    );
    showTail(logFile);
    void stop(1);
  });
  await waitUntilReady(service, child);
  if (!stopping) say(`✓ ${service.name} ready on port ${service.port} (${seconds(startedAt)})`);
}

/** Appends the process's output to its log file, through the pretty printer for a person. */
function logTo(child, logFile) {
  const file = createWriteStream(logFile, { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    if (!pretty) {
      stream.pipe(file, { end: false });
      continue;
    }
    createInterface({ input: stream }).on('line', (line) => {
      file.write(line.startsWith('{') ? pretty(line) : `${line}\n`);
    });
  }
  child.on('close', () => file.end());
}

function run(service, args, childEnv, logFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: service.dir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logTo(child, logFile);
    // Stopped with the services when a signal comes half-way through the migrations.
    const entry = { service, child, logFile };
    running.push(entry);
    child.on('close', (code) => {
      running.splice(running.indexOf(entry), 1);
      if (stopping) return resolve();
      if (code === 0) return resolve();
      showTail(logFile);
      reject(
        new Error(`${service.name}: ${args.join(' ')} exited with code ${code}; see ${logFile}`),
      );
    });
  });
}

function showTail(logFile) {
  const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15);
  for (const line of lines) process.stderr.write(`  | ${line}\n`);
}

async function waitUntilReady(service, child) {
  const url = `http://127.0.0.1:${service.port}/readyz`;
  for (let attempt = 0; attempt < 240; attempt++) {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return;
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not become ready at ${url} within 60 s; see ${runDir}`);
}

async function printUrlBlock(services, gatewayUrl) {
  const tokens = [];
  for (const role of staffRoles)
    tokens.push([role, await developmentToken({ roles: [role] }, env)]);
  const lines = [
    '',
    `Lexfin is running (development). Logs: ${shownRunDir}/<service>.log`,
    '',
    `  GraphQL (front-ends)  ${gatewayUrl}/graphql   open it in a browser for the GraphQL IDE`,
    ...services
      .filter((service) => service.database)
      .map(
        (service) =>
          `  ${service.name.padEnd(20)}  http://127.0.0.1:${service.port}/graphql   /healthz /readyz /metrics`,
      ),
    `  PostgreSQL ${new URL(env.DATABASE_ADMIN_URL).host}   Redis ${env.REDIS_URL}   Kafka ${env.KAFKA_BROKERS}`,
    '',
    `Development tokens for the demo firm ${demoFirmId} (12 h; another: pnpm run token --role ROLE):`,
    ...tokens.map(([role, token]) => `  ${role.padEnd(18)} ${token}`),
    '',
    `  curl -s ${gatewayUrl}/graphql -H "authorization: Bearer <token>" -H "content-type: application/json" \\`,
    `    -d '{"query":"{ clients { id displayName } }"}'`,
    '',
    'Ctrl-C stops everything.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Asks a process to stop and resolves once it has; kills it when it takes too long. */
function stopProcess({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const startedAt = performance.now();
  say('stopping (Ctrl-C again to kill at once)');
  const front = running.filter(({ service }) => !service.database);
  await Promise.all(front.map(stopProcess));
  await Promise.all(running.filter(({ service }) => service.database).map(stopProcess));
  await kafka?.stop();
  say(`stopped (${seconds(startedAt)})`);
  process.exit(code);
}

function killNow() {
  for (const { child } of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  try {
    if (kafka) process.kill(kafka.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  say('killed');
  process.exit(130);
}

// Supervise until told to stop. The handlers stay: a second signal must be heard.
setInterval(() => undefined, 1 << 30);
const onSignal = () => (stopping ? killNow() : void stop());
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// The terminal window closed.
process.on('SIGHUP', onSignal);
main().catch((error) => {
  process.stderr.write(`lexfin: ${error.message}\n`);
  void stop(1);
});
