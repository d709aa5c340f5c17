import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, sleep } from './ports';

export interface OwnRedis {
  url: string;
  pid(): number;
  /** Stops the server (SIGTERM: it writes its append-only file) and starts it on the same port. */
  restart(): Promise<{ stoppedPid: number; startedPid: number }>;
  stop(): Promise<void>;
}

/**
 * The suite's own Redis on a free port, with an append-only file so a restart keeps the queues
 * (as a production Redis does), and nobody else's jobs are in it.
 */
export async function startOwnRedis(dir: string): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child = await launch(port, dir);
  return {
    url,
    pid: () => child.pid ?? -1,
    async restart() {
      const stoppedPid = child.pid ?? -1;
      await stopChild(child);
      child = await launch(port, dir);
      return { stoppedPid, startedPid: child.pid ?? -1 };
    },
    stop: () => stopChild(child),
  };
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Refused while the server starts: the loop asks again.
    client.on('error', () => undefined);
    const pong = await client
      .connect()
      .then(() => client.ping())
      .catch(() => undefined);
    client.disconnect();
    if (pong === 'PONG') return child;
    await sleep(100);
  }
  throw new Error(`redis-server did not answer on port ${port} within 10 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
