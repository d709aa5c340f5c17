import { opsProgram } from '../src/program';

export interface OpsRun {
  code: number;
  lines: string[];
  /** The lines as JSON objects (for `--json`). */
  json<T = Record<string, unknown>>(): T[];
}

/** Runs `pnpm ops <args>` in this process, as main.ts does, collecting what it prints. */
export async function runOps(args: string[], env: NodeJS.ProcessEnv = {}): Promise<OpsRun> {
  const lines: string[] = [];
  let code = 0;
  const program = opsProgram(
    {
      env: { ...process.env, ...env },
      out: (line) => void lines.push(line),
      now: () => new Date(),
      interrupted: () => new Promise(() => undefined),
    },
    (exit) => void (code = exit),
  );
  await program.parseAsync(args, { from: 'user' });
  return { code, lines, json: () => lines.map((line) => JSON.parse(line)) };
}
