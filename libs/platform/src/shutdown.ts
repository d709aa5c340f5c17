import { performance } from 'node:perf_hooks';
import type { HttpApp } from './http-app';
import type { Logger } from './logger';

export interface ShutdownStep {
  name: string;
  close: () => Promise<void>;
}

export interface GracefulShutdownOptions {
  logger: Logger;
  app: Pick<HttpApp, 'close' | 'markShuttingDown'>;
  /** Run in order after the HTTP server has drained, e.g. consumers, outbox relay, pools. */
  steps: readonly ShutdownStep[];
  /** Within Kubernetes' default 30 s grace period, leaving time to flush the logs. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** process.exit by default; tests pass a function that records the code instead. */
  exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Starts shutting down (once; later calls get the same outcome) and resolves to the exit code. */
  shutdown(reason?: string): Promise<number>;
}

const HTTP_SERVER_STEP = 'http server';

/**
 * On the first signal: /readyz turns 503, the HTTP server stops accepting connections and waits
 * for requests in flight, then each step closes in order. Exit code 0 when all closed, 1 when a
 * step failed or the whole took longer than `timeoutMs`. A second signal is not caught: it ends
 * the process at once, for a person pressing Ctrl-C twice.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { logger, app, signals = ['SIGTERM', 'SIGINT'], timeoutMs = 25_000 } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let outcome: Promise<number> | undefined;

  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  for (const signal of signals) process.once(signal, onSignal);

  function shutdown(reason = 'requested'): Promise<number> {
    outcome ??= run(reason);
    return outcome;
  }

  async function run(reason: string): Promise<number> {
    for (const signal of signals) process.removeListener(signal, onSignal);
    logger.info({ reason }, 'shutting down');
    app.markShuttingDown();

    const steps = [{ name: HTTP_SERVER_STEP, close: () => app.close() }, ...options.steps];
    let current = HTTP_SERVER_STEP;
    let timer: NodeJS.Timeout | undefined;
    // Not unref'd: a step hanging on a promise with no I/O behind it must still end in exit 1.
    const deadline = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        logger.error(
          { step: current, timeoutMs },
          `shutdown timed out after ${timeoutMs} ms in step "${current}"`,
        );
        resolve(1);
      }, timeoutMs);
    });
    const closeAll = async () => {
      let code = 0;
      for (const step of steps) {
        current = step.name;
        const started = performance.now();
        try {
          await step.close();
          logger.info(
            { step: step.name, durationMs: Math.round(performance.now() - started) },
            `closed ${step.name}`,
          );
        } catch (error) {
          // The remaining steps still run: an unclosed pool is worse than a late exit.
          code = 1;
          logger.error({ step: step.name, err: error }, `failed to close ${step.name}`);
        }
      }
      return code;
    };

    const code = await Promise.race([closeAll(), deadline]);
    clearTimeout(timer);
    logger.info({ exitCode: code }, 'shutdown finished');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    exit(code);
    return code;
  }

  return { shutdown };
}
