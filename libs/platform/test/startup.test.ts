import { connect, createServer } from 'node:net';
import {
  ConfigError,
  EX_CONFIG,
  EX_UNAVAILABLE,
  kafkaDependency,
  postgresDependency,
  redactUrl,
  redisDependency,
  requireReachable,
  runMain,
  StartupError,
} from '../src';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function connectTo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}

describe('startup checks', () => {
  it('names every unreachable dependency and its fix in one line', async () => {
    const port = await closedPort();
    const failure = requireReachable(
      [
        {
          describe: `PostgreSQL at 127.0.0.1:${port}`,
          check: () => connectTo(port),
          fix: "start it with 'pnpm infra' or fix DATABASE_URL",
        },
        { describe: 'Redis', check: async () => undefined, fix: 'fix REDIS_URL' },
        { describe: 'Kafka', check: () => new Promise(() => undefined), fix: 'fix KAFKA_BROKERS' },
      ],
      200,
    );
    await expect(failure).rejects.toThrow(StartupError);
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      new RegExp(
        `^Startup error: PostgreSQL at 127.0.0.1:${port} is unreachable \\(connect ECONNREFUSED[^)]*\\): start it with 'pnpm infra' or fix DATABASE_URL; Kafka is unreachable \\(no answer within 200 ms\\): fix KAFKA_BROKERS$`,
      ),
    );
  });

  it('passes when everything answers', async () => {
    await expect(
      requireReachable([{ describe: 'Redis', check: async () => undefined, fix: '' }]),
    ).resolves.toBeUndefined();
  });
});

describe('runMain', () => {
  let stderr: string[];
  let write: jest.SpyInstance;
  beforeEach(() => {
    stderr = [];
    write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => write.mockRestore());

  const exitWith = (codes: number[]) =>
    ((code: number) => {
      codes.push(code);
      throw new Error('exited');
    }) as (code: number) => never;

  it('prints a configuration error as one line and exits 78', async () => {
    const codes: number[] = [];
    await expect(
      runMain(async () => {
        throw new ConfigError(['DATABASE_URL is missing (set it to postgres://user@host:5432/db)']);
      }, exitWith(codes)),
    ).rejects.toThrow('exited');
    expect(codes).toEqual([EX_CONFIG]);
    expect(stderr).toEqual([
      'Configuration error: DATABASE_URL is missing (set it to postgres://user@host:5432/db)\n',
    ]);
  });

  it('prints a startup error as one line and exits 69', async () => {
    const codes: number[] = [];
    await expect(
      runMain(async () => {
        throw new StartupError('Startup error: Redis is unreachable (ECONNREFUSED): fix REDIS_URL');
      }, exitWith(codes)),
    ).rejects.toThrow('exited');
    expect(codes).toEqual([EX_UNAVAILABLE]);
    expect(stderr).toEqual(['Startup error: Redis is unreachable (ECONNREFUSED): fix REDIS_URL\n']);
  });

  it('lets a bug keep its stack trace', async () => {
    const codes: number[] = [];
    await expect(
      runMain(async () => {
        throw new TypeError('undefined is not a function');
      }, exitWith(codes)),
    ).rejects.toThrow(TypeError);
    expect(codes).toEqual([]);
  });
});

it('never prints a password in a URL', () => {
  expect(redactUrl('postgres://app:s3cret@db:5432/trust')).toBe('postgres://app:***@db:5432/trust');
  expect(redactUrl('postgres://app@db:5432/trust')).toBe('postgres://app@db:5432/trust');
});

describe('the dependencies every service names', () => {
  it('say what is unreachable, without a password, and what to fix', async () => {
    const down = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    const failure = await requireReachable([
      postgresDependency('postgres://app:s3cret@db:5432/trust', down),
      redisDependency('redis://127.0.0.1:6379', down),
      kafkaDependency(down),
    ]).catch((error: Error) => error.message);
    expect(failure).toBe(
      "Startup error: PostgreSQL at postgres://app:***@db:5432/trust is unreachable (connect ECONNREFUSED 127.0.0.1:5432): start it with 'pnpm infra' or fix DATABASE_URL; " +
        "Redis at redis://127.0.0.1:6379 is unreachable (connect ECONNREFUSED 127.0.0.1:5432): start it with 'pnpm infra' or fix REDIS_URL; " +
        'Kafka is unreachable (connect ECONNREFUSED 127.0.0.1:5432): start it or fix KAFKA_BROKERS',
    );
  });
});
