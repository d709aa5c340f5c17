import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allTopics } from '../topics';
import { renderAsyncApiYaml } from './build-asyncapi';

export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';
export const KAFKA_TOPICS_PATH = 'deploy/kafka/topics.txt';

/** Files generated from the catalogue, so they can never drift from it. */
const generatedFiles: ReadonlyArray<{ path: string; render: () => string }> = [
  { path: ASYNCAPI_PATH, render: renderAsyncApiYaml },
  { path: KAFKA_TOPICS_PATH, render: renderKafkaTopics },
];

/** `<topic> <partitions>` per line: what deploy/kafka/create-topics.sh creates on a real cluster. */
export function renderKafkaTopics(): string {
  const lines = allTopics().map((topic) => `${topic.name} ${topic.partitions}`);
  return `# Generated from libs/contracts (pnpm asyncapi): topic partitions\n${lines.join('\n')}\n`;
}

/** The nearest ancestor of `from` holding pnpm-workspace.yaml. */
export function findRepositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/**
 * Writes docs/asyncapi.yaml and deploy/kafka/topics.txt, or with `--check` only says whether they
 * are current. Returns the exit code.
 */
export function main(args: readonly string[], root: string = findRepositoryRoot()): number {
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}; usage: write-asyncapi [--check]`);
    return 2;
  }
  let exitCode = 0;
  for (const generated of generatedFiles) {
    const file = join(root, generated.path);
    const expected = generated.render();
    if (check) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (current === expected) {
        console.log(`${generated.path} is up to date`);
      } else {
        console.error(`${generated.path} is out of date: run pnpm asyncapi`);
        exitCode = 1;
      }
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, expected);
    console.log(`wrote ${generated.path}`);
  }
  return exitCode;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
