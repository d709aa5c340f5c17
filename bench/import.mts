/**
 * pnpm bench import [-- --megabytes 10 --seconds 120]
 *
 * Parse throughput of the statement importers (BAI2, OFX, camt.053) and billing's LEDES 1998B
 * reader, each on a generated file of `megabytes` (default 10), after a warm-up parse of a tenth
 * of that. Each parse runs in a worker thread stopped after `seconds` (default 120): a parser
 * slower than that is reported as such rather than holding the run.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ParsedFormat } from './lib/parse-worker.mts';
import { bai2File, camt053File, ledesFile, ofxFile } from './lib/statement-files.mts';

const { values: args } = parseArgs({
  options: {
    megabytes: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '120' },
  },
});
const bytes = Number(args.megabytes) * 1_000_000;
const limitSeconds = Number(args.seconds);
/** The machine is shared: the load before the run says what the figures were measured under. */
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');

const generators: Record<ParsedFormat, (bytes: number) => string> = {
  BAI2: bai2File,
  OFX: ofxFile,
  'camt.053': camt053File,
  LEDES: ledesFile,
};

type Outcome = { items: number; seconds: number } | { timedOut: true } | { failed: string };

function parseInWorker(format: ParsedFormat, content: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./lib/parse-worker.mts', import.meta.url), {
      workerData: { format, content },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ timedOut: true });
    }, limitSeconds * 1000);
    worker.once('message', (result: { items: number; seconds: number }) => {
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ failed: error.message.slice(0, 200) });
    });
  });
}

console.log(
  `import parse throughput, ${args.megabytes} MB per file, at most ${limitSeconds} s each; load average before the run: ${loadBefore}`,
);
for (const [format, generate] of Object.entries(generators) as [ParsedFormat, typeof bai2File][]) {
  await parseInWorker(format, generate(bytes / 10));
  const content = generate(bytes);
  const size = Buffer.byteLength(content) / 1_000_000;
  const outcome = await parseInWorker(format, content);
  const figure =
    'timedOut' in outcome
      ? `not done after ${limitSeconds} s (< ${(size / limitSeconds).toFixed(2)} MB/s)`
      : 'failed' in outcome
        ? `failed: ${outcome.failed}`
        : `${(size / outcome.seconds).toFixed(1).padStart(6)} MB/s  (${size.toFixed(1)} MB, ${outcome.items.toLocaleString('en')} lines in ${outcome.seconds.toFixed(2)} s)`;
  console.log(`${format.padEnd(9)} ${figure}`);
}
