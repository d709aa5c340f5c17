/**
 * `pnpm start`: runs the platform on this machine. scripts/lexfin.sh has already put Node 24 on
 * PATH, installed dependencies, made PostgreSQL and Redis reachable and built everything.
 *
 * Here: a Kafka broker (KAFKA_BROKERS, else our mock broker with every catalogue topic), then
 * for every service that exists (services/<name>/package.json with a "lexfin" section): its
 * database and app role, its migrations, the service itself, its readiness; then the URLs.
 * Ctrl-C (or SIGTERM) stops the services, then the broker.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTopics } from '@lexfin/contracts';
import { databaseUrlFor, ensureServiceDatabase } from '@lexfin/persistence';
import { mockFetchMaxWaitMs, repoRoot, startKafkaMock } from '@lexfin/testing';

const root = repoRoot(import.meta.dirname);
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DATABASE_ADMIN_URL:
    process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_APP_ROLE: process.env.DATABASE_APP_ROLE ?? 'lexfin_app',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  LEXFIN_JWT_SECRET:
    process.env.LEXFIN_JWT_SECRET ?? 'lexfin-development-secret-change-me-0123456789',
};

const say = (line) => process.stdout.write(`lexfin: ${line}\n`);
const children = [];
let kafka;

async function main() {
  if (!env.KAFKA_BROKERS) {
    kafka = await startKafkaMock({ topics: allTopics() });
    Object.assign(env, {
      KAFKA_BROKERS: kafka.bootstrap,
      KAFKA_MOCK_CONTROL: kafka.control,
      KAFKA_IDEMPOTENT: 'false',
      KAFKA_FETCH_MAX_WAIT_MS: String(mockFetchMaxWaitMs),
    });
    say(
      `Kafka: development broker (librdkafka mock) at ${kafka.bootstrap}, control ${kafka.control}`,
    );
  } else {
    say(`Kafka: ${env.KAFKA_BROKERS}`);
  }

  const services = discoverServices();
  for (const service of services) await startService(service);

  say(`PostgreSQL: ${new URL(env.DATABASE_ADMIN_URL).host}   Redis: ${env.REDIS_URL}`);
  if (services.length === 0) {
    say('no services exist yet (services/*); infrastructure is up. Ctrl-C stops it.');
  }
  for (const service of services) {
    say(
      `${service.name.padEnd(18)} http://127.0.0.1:${service.port}/graphql   /healthz /readyz /metrics`,
    );
  }
}

function discoverServices() {
  const dir = join(root, 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, manifest: join(dir, name, 'package.json') }))
    .filter(({ manifest }) => existsSync(manifest))
    .map(({ name, manifest }) => ({
      name,
      dir: join(dir, name),
      ...JSON.parse(readFileSync(manifest, 'utf8')).lexfin,
    }))
    .filter((service) => service.port !== undefined)
    .sort((a, b) => a.port - b.port);
}

async function startService(service) {
  const serviceEnv = { ...env, PORT: String(service.port) };
  if (service.database) {
    await ensureServiceDatabase(env.DATABASE_ADMIN_URL, service.database, env.DATABASE_APP_ROLE);
    serviceEnv.DATABASE_MIGRATION_URL = databaseUrlFor(env.DATABASE_ADMIN_URL, service.database);
    serviceEnv.DATABASE_URL = databaseUrlFor(
      env.DATABASE_ADMIN_URL,
      service.database,
      env.DATABASE_APP_ROLE,
    );
    // A service declared to the service kit migrates through its main; the others have their own
    // migrate.ts until they move onto the kit.
    const migrate = existsSync(join(service.dir, 'src', 'migrate.ts'))
      ? ['dist/migrate.js']
      : ['dist/main.js', 'migrate'];
    await run(service, migrate, serviceEnv);
  }
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: service.dir,
    env: serviceEnv,
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${service.name} exited (${signal ?? `code ${code}`})`);
  });
  await waitUntilReady(service);
}

function run(service, args, childEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: service.dir,
      env: childEnv,
      stdio: 'inherit',
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${service.name}: ${args.join(' ')} exited with code ${code}`)),
    );
  });
}

async function waitUntilReady(service) {
  const url = `http://127.0.0.1:${service.port}/readyz`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${service.name} did not become ready at ${url} within 60 s`);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  await kafka?.stop();
  clearInterval(keepAlive);
  process.exit(code);
}

// Supervise until told to stop, even when there is nothing to run but the broker.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
main().catch((error) => {
  process.stderr.write(`lexfin: ${error.message}\n`);
  void stop(1);
});
