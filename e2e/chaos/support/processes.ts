import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './ports';

const serviceBin = join(__dirname, '..', 'bin', 'service.cjs');

/** The exit code of a service that found a dependency unreachable at start (service-kit). */
const EX_UNAVAILABLE = 69;

class DependencyUnavailable extends Error {
  constructor(name: string) {
    super(`${name} found a dependency unreachable while starting (exit 69); see its log`);
  }
}

/** How a stopped process ended, as the operating system reported it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One service as a real process on a fixed port (a restart comes back on the same one, as a
 * container would behind its service name), its output appended to `<logDir>/<name>.log`.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<Exit> | undefined;
  private readonly log: WriteStream;
  private extraEnv: NodeJS.ProcessEnv = {};
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    this.log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && !this.child.signalCode;
  }

  /**
   * Starts the process and waits until /readyz answers 200. A process that found a dependency
   * unreachable (exit 69, e.g. Redis restarting or too slow to answer on a loaded machine) is
   * started again, as a supervisor would; any other exit fails the start.
   */
  async start(extraEnv: NodeJS.ProcessEnv = {}, readyWithinMs = 180_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(extraEnv, readyWithinMs);
      } catch (error) {
        if (!(error instanceof DependencyUnavailable) || attempt === 5) throw error;
      }
    }
  }

  private async startOnce(extraEnv: NodeJS.ProcessEnv, readyWithinMs: number): Promise<void> {
    this.extraEnv = extraEnv;
    const child = spawn(process.execPath, [serviceBin, this.name], {
      env: { ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    this.log.write(`--- start ${this.starts} pid ${child.pid} ${new Date().toISOString()}\n`);
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + readyWithinMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        const exit = await this.exited;
        if (exit.code === EX_UNAVAILABLE) throw new DependencyUnavailable(this.name);
        throw new Error(
          `${this.name} exited while starting (${exit.signal ?? `code ${exit.code}`}); see its log`,
        );
      }
      const ready = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await sleep(250);
    }
    throw new Error(`${this.name} was not ready within ${readyWithinMs} ms`);
  }

  /** Starts it again, as it last ran unless told otherwise. */
  restart(extraEnv: NodeJS.ProcessEnv = this.extraEnv): Promise<void> {
    return this.start(extraEnv);
  }

  /** Sends the signal and waits for the process to end; the exit is the fault's confirmation. */
  async stop(signal: 'SIGKILL' | 'SIGTERM', withinMs = 60_000): Promise<Exit> {
    const child = this.child;
    if (!child || !this.running) throw new Error(`${this.name} is not running`);
    child.kill(signal);
    const timer = sleep(withinMs).then(() => 'late' as const);
    const exit = await Promise.race([this.exited!, timer]);
    if (exit === 'late') {
      child.kill('SIGKILL');
      throw new Error(`${this.name} did not exit within ${withinMs} ms of ${signal}`);
    }
    return exit;
  }

  async close(): Promise<void> {
    if (this.running) await this.stop('SIGTERM').catch(() => undefined);
    this.log.end();
  }
}
