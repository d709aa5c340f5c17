/** Where a command writes and what it reads of its surroundings; tests pass their own. */
export interface OpsIo {
  env: NodeJS.ProcessEnv;
  /** One line of output (no trailing newline). */
  out(line: string): void;
  now(): Date;
  /** Resolves when the operator asks to stop (Ctrl-C); `events tail` follows until then. */
  interrupted(): Promise<void>;
}

export function processIo(): OpsIo {
  return {
    env: process.env,
    out: (line) => void process.stdout.write(`${line}\n`),
    now: () => new Date(),
    interrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
