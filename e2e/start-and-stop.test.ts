import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROLES } from '@lexfin/platform';
import { adminUrl, mintToken, repoRoot, uniqueRedisPrefix, waitUntil } from '@lexfin/testing';

/**
 * `pnpm start` as a person runs it and stops it: scripts/start.mjs (what `pnpm start` runs once
 * it has built) in a process group of its own, as a terminal's foreground job is, and Ctrl-C sent
 * to that whole group. Its own ports, databases, Redis prefix and broker, beside everything else.
 */
const root = repoRoot();
const databasePrefix = `lexfin_test_${process.pid}_start_`;
const runDir = mkdtempSync(join(tmpdir(), 'lexfin-start-'));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function start(portOffset: number, args: string[] = ['--no-demo']): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LEXFIN_PORT_OFFSET: String(portOffset),
    LEXFIN_DATABASE_PREFIX: databasePrefix,
    LEXFIN_RUN_DIR: join(runDir, String(portOffset)),
    BULLMQ_PREFIX: uniqueRedisPrefix(),
  };
  // The harness's shared mock broker is not this platform's: it starts its own. A real cluster
  // (KAFKA_BROKERS without the mock's control port) is used as it is.
  if (env.KAFKA_MOCK_CONTROL) {
    for (const name of ['KAFKA_BROKERS', 'KAFKA_MOCK_CONTROL', 'KAFKA_IDEMPOTENT'])
      delete env[name];
  }
  const child = spawn(process.execPath, ['scripts/start.mjs', ...args], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    at: number;
  }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  return { child, output: () => output, exited };
}

async function waitForOutput(platform: Started, text: string, timeoutMs: number): Promise<void> {
  try {
    await waitUntil(() => platform.output().includes(text), timeoutMs, 200);
  } catch {
    throw new Error(
      `"${text}" not printed within ${timeoutMs} ms; it printed:\n${platform.output()}`,
    );
  }
}

/** The processes below `pid` (services, migrations, the broker), from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** An offset whose six ports (4000..4005 plus it) are all free now. */
async function freePortOffset(): Promise<number> {
  for (;;) {
    const offset = 10_000 + Math.floor(Math.random() * 40_000);
    const free = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => portFree(4000 + offset + i)));
    if (free.every(Boolean)) return offset;
  }
}

/** Each service answers for the demo firm through the gateway; the printed tokens work. */
async function expectDemoFirmAnswers(graphqlUrl: string, output: string) {
  const firmId = /for the demo firm (\S+) /.exec(output)![1]!;
  const printedToken = /^ +billing_clerk +(\S+)$/m.exec(output)![1]!;
  const staff = await mintToken({
    firmId,
    roles: ROLES.filter((role) => role !== 'client_portal'),
  });
  const ask = async (query: string, bearer = staff) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const { clients } = (await ask('{ clients { id kind } }', printedToken)) as {
    clients: { id: string; kind: string }[];
  };
  expect(new Set(clients.map((client) => client.kind))).toEqual(
    new Set(['PERSON', 'ORGANISATION']),
  );
  const { invoices } = (await ask('{ invoices(first: 100) { nodes { status } } }')) as {
    invoices: { nodes: { status: string }[] };
  };
  expect(new Set(invoices.nodes.map((invoice) => invoice.status))).toEqual(
    new Set(['DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID', 'WRITTEN_OFF']),
  );
  const { trustAccounts } = (await ask('{ trustAccounts { id } }')) as {
    trustAccounts: { id: string }[];
  };
  expect(trustAccounts).toHaveLength(1);
  const { creditDecisions } = (await ask(
    `{ creditDecisions(clientId: "${clients[0]!.id}") { outcome } }`,
  )) as { creditDecisions: unknown[] };
  expect(creditDecisions.length).toBeGreaterThan(0);
  const { collectionCases } = (await ask(
    '{ collectionCases { id promises { id } paymentPlans { id } disputes { id } } }',
  )) as {
    collectionCases: { promises: unknown[]; paymentPlans: unknown[]; disputes: unknown[] }[];
  };
  expect(collectionCases.length).toBeGreaterThan(0);
  // overdue invoices in collection, with a promise, a plan and a dispute among them
  expect(collectionCases.flatMap((found) => found.promises)).toHaveLength(1);
  expect(collectionCases.flatMap((found) => found.paymentPlans)).toHaveLength(1);
  expect(collectionCases.flatMap((found) => found.disputes)).toHaveLength(1);
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${databasePrefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
  rmSync(runDir, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('runs the platform with the demo firm, and Ctrl-C stops everything in order within 10 s and returns', async () => {
    const offset = await freePortOffset();
    const platform = start(offset, []);
    await waitForOutput(platform, 'Ctrl-C stops everything.', 420_000);
    const output = platform.output();
    expect(output).toContain(`GraphQL (front-ends)  http://127.0.0.1:${4000 + offset}/graphql`);
    expect(output).toMatch(/partner +eyJ/);
    expect(output).toContain(`Logs: `);
    const gatewayReady = await fetch(`http://127.0.0.1:${4000 + offset}/readyz`);
    expect(gatewayReady.status).toBe(200);
    await expectDemoFirmAnswers(`http://127.0.0.1:${4000 + offset}/graphql`, output);
    const processes = descendants(platform.child.pid!);
    expect(processes.length).toBeGreaterThanOrEqual(7); // six services and the broker

    const pressed = performance.now();
    process.kill(-platform.child.pid!, 'SIGINT');
    const exit = await platform.exited;

    expect(exit.at - pressed).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    expect(processes.filter(alive)).toEqual([]);
    const stopOrder = platform.output().slice(output.length);
    expect(stopOrder).toMatch(/stopping[\s\S]*stopped/);
    for (let i = 0; i <= 5; i++) expect(await portFree(4000 + offset + i)).toBe(true);
  }, 480_000);

  it('a second Ctrl-C kills at once what is still running', async () => {
    const platform = start(await freePortOffset());
    await waitForOutput(platform, ' ready on port ', 240_000);
    const processes = descendants(platform.child.pid!);
    // Services that hang on shutdown (stopped, they cannot act on SIGTERM): the first Ctrl-C
    // then waits on them, and the second is what ends them. Without the hang a stop can finish
    // before a second Ctrl-C arrives.
    for (const pid of processes) process.kill(pid, 'SIGSTOP');
    process.kill(-platform.child.pid!, 'SIGINT');
    await waitForOutput(platform, 'stopping', 5_000);
    process.kill(-platform.child.pid!, 'SIGINT');
    const exit = await platform.exited;
    expect(exit.code).toBe(130);
    await waitUntil(() => processes.filter(alive).length === 0, 5_000);
  }, 300_000);
});
