import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderAsyncApiYaml } from './build-asyncapi';

export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';

/** The nearest ancestor of `from` holding pnpm-workspace.yaml. */
export function findRepositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** Writes docs/asyncapi.yaml, or with `--check` only says whether it is current. Returns the exit code. */
export function main(args: readonly string[], root: string = findRepositoryRoot()): number {
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}; usage: write-asyncapi [--check]`);
    return 2;
  }
  const file = join(root, ASYNCAPI_PATH);
  const expected = renderAsyncApiYaml();
  if (check) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current !== expected) {
      console.error(`${ASYNCAPI_PATH} is out of date: run pnpm asyncapi`);
      return 1;
    }
    console.log(`${ASYNCAPI_PATH} is up to date`);
    return 0;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, expected);
  console.log(`wrote ${ASYNCAPI_PATH}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
