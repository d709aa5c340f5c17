import http from 'node:http';
import { createHttpApp, createLogger, installGracefulShutdown, type HttpApp } from '../src';
import { captureLog, type CapturedLog } from './log-capture';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false, so each request opens a connection of its own.
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function connectionRefused(url: string, deadlineMs = 2_000): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const error = await get(url).then(
      () => undefined,
      (reason: NodeJS.ErrnoException) => reason,
    );
    if (error?.code === 'ECONNREFUSED') return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('installGracefulShutdown', () => {
  let app: HttpApp;
  let log: CapturedLog;
  let url: string;
  let events: string[];
  const handlerStarted = deferred();
  const releaseHandler = deferred();

  beforeEach(async () => {
    log = captureLog();
    events = [];
    const logger = createLogger({ service: 'collections', destination: log });
    app = createHttpApp({ service: 'collections', logger, readiness: {} });
    const answered = async () => void events.push('in-flight request answered');
    app.get('/reports/aging', { config: { public: true }, onResponse: answered }, async () => {
      handlerStarted.resolve();
      await releaseHandler.promise;
      return { buckets: 4 };
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await app.close();
  });

  it('lets the request in flight finish, refuses new connections, then closes the steps in order', async () => {
    const exitCodes: number[] = [];
    const { shutdown } = installGracefulShutdown({
      logger: app.log,
      app,
      signals: [],
      exit: (code) => exitCodes.push(code),
      steps: [
        { name: 'kafka consumers', close: async () => void events.push('kafka consumers') },
        { name: 'outbox relay', close: async () => void events.push('outbox relay') },
        { name: 'postgres pool', close: async () => void events.push('postgres pool') },
      ],
    });

    const inFlight = get(`${url}/reports/aging`);
    await handlerStarted.promise;

    const finished = shutdown('test');
    expect(await connectionRefused(`${url}/healthz`)).toBe(true);
    expect(events).toEqual([]);

    releaseHandler.resolve();
    expect(await inFlight).toEqual({ status: 200, body: '{"buckets":4}' });
    await expect(finished).resolves.toBe(0);

    expect(events).toEqual([
      'in-flight request answered',
      'kafka consumers',
      'outbox relay',
      'postgres pool',
    ]);
    expect(exitCodes).toEqual([0]);
    expect(log.entries().map((entry) => entry.msg)).toEqual(
      expect.arrayContaining([
        'shutting down',
        'closed http server',
        'closed kafka consumers',
        'closed outbox relay',
        'closed postgres pool',
        'shutdown finished',
      ]),
    );
    // A second call does not start a second shutdown.
    await expect(shutdown()).resolves.toBe(0);
    expect(exitCodes).toEqual([0]);
  });

  it('exits 1 naming the step that hung past the timeout', async () => {
    const exitCodes: number[] = [];
    const { shutdown } = installGracefulShutdown({
      logger: app.log,
      app,
      signals: [],
      timeoutMs: 200,
      exit: (code) => exitCodes.push(code),
      steps: [
        { name: 'kafka consumers', close: async () => {} },
        { name: 'redis', close: () => new Promise<void>(() => {}) },
        { name: 'postgres pool', close: async () => {} },
      ],
    });

    await expect(shutdown()).resolves.toBe(1);
    expect(exitCodes).toEqual([1]);
    expect(log.entries().find((entry) => entry.level === 50)).toMatchObject({
      step: 'redis',
      msg: 'shutdown timed out after 200 ms in step "redis"',
    });
  });

  it('still closes the later steps when one fails, and exits 1', async () => {
    const closed: string[] = [];
    const { shutdown } = installGracefulShutdown({
      logger: app.log,
      app,
      signals: [],
      exit: () => undefined,
      steps: [
        {
          name: 'outbox relay',
          close: async () => {
            throw new Error('broker gone');
          },
        },
        { name: 'postgres pool', close: async () => void closed.push('postgres pool') },
      ],
    });

    await expect(shutdown()).resolves.toBe(1);
    expect(closed).toEqual(['postgres pool']);
    expect(
      log.entries().find((entry) => entry.msg === 'failed to close outbox relay'),
    ).toMatchObject({
      level: 50,
      step: 'outbox relay',
    });
  });

  it('starts on the first signal, marking the app not ready', async () => {
    const exited = deferred();
    installGracefulShutdown({
      logger: app.log,
      app,
      signals: ['SIGUSR2'],
      exit: () => exited.resolve(),
      steps: [],
    });
    const markShuttingDown = jest.spyOn(app, 'markShuttingDown');

    process.emit('SIGUSR2', 'SIGUSR2');
    await exited.promise;

    expect(markShuttingDown).toHaveBeenCalled();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
    expect(log.entries().find((entry) => entry.msg === 'shutting down')).toMatchObject({
      reason: 'SIGUSR2',
    });
  });
});
