import { ConfigError, EX_CONFIG } from './config';
import { redactUrl } from './redact-url';

/** Thrown when a dependency is unreachable at start; its message is one line fit for stderr. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** sysexits.h EX_UNAVAILABLE: a dependency is down; a supervisor may retry later. */
export const EX_UNAVAILABLE = 69;

export interface StartupDependency {
  /** What it is, as an operator would say it: 'PostgreSQL at 127.0.0.1:5432/trust'. */
  describe: string;
  check: () => Promise<void>;
  /** What to do about it: "start it with 'pnpm infra' or fix DATABASE_URL". */
  fix: string;
}

/** The service's PostgreSQL database, named without its password. */
export function postgresDependency(url: string, check: () => Promise<void>): StartupDependency {
  return {
    describe: `PostgreSQL at ${redactUrl(url)}`,
    check,
    fix: "start it with 'pnpm infra' or fix DATABASE_URL",
  };
}

/** Redis (BullMQ, rate limits), named without its password. */
export function redisDependency(url: string, check: () => Promise<void>): StartupDependency {
  return {
    describe: `Redis at ${redactUrl(url)}`,
    check,
    fix: "start it with 'pnpm infra' or fix REDIS_URL",
  };
}

/** The Kafka cluster of KAFKA_BROKERS. */
export function kafkaDependency(check: () => Promise<void>): StartupDependency {
  return { describe: 'Kafka', check, fix: 'start it or fix KAFKA_BROKERS' };
}

/**
 * Checks every dependency once, in parallel, before the service takes traffic, so that a wrong
 * URL or a stopped server is one clear line at start, not a stack trace on the first request.
 */
export async function requireReachable(
  dependencies: readonly StartupDependency[],
  timeoutMs = 5_000,
): Promise<void> {
  const failures = await Promise.all(
    dependencies.map(async (dependency) => {
      try {
        await withTimeout(dependency.check(), timeoutMs);
        return undefined;
      } catch (error) {
        return unreachable(dependency, error);
      }
    }),
  );
  const problems = failures.filter((failure): failure is string => failure !== undefined);
  if (problems.length > 0) throw new StartupError(`Startup error: ${problems.join('; ')}`);
}

/**
 * A dependency that failed a later step of the start (a Kafka consumer group that would not
 * join): the same one line and exit code as an unreachable one, so a supervisor starts it again.
 */
export function unreachableAtStart(dependency: Omit<StartupDependency, 'check'>, error: unknown) {
  return new StartupError(`Startup error: ${unreachable(dependency, error)}`);
}

function unreachable(dependency: Omit<StartupDependency, 'check'>, error: unknown): string {
  return `${dependency.describe} is unreachable (${firstLine(messageOf(error))}): ${dependency.fix}`;
}

/**
 * Runs a service's main: a configuration or startup error becomes its one line on stderr and the
 * matching exit code; anything else is a bug and keeps its stack trace.
 */
export async function runMain(
  main: () => Promise<void>,
  exit: (code: number) => never = (code) => process.exit(code),
): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
      exit(error instanceof ConfigError ? EX_CONFIG : EX_UNAVAILABLE);
    }
    throw error;
  }
}

/** Errors from Node's own modules may come from another realm; read the message by shape. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
