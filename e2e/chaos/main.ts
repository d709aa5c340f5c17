/**
 * `pnpm chaos --seed N --minutes M [--firms F]`: the fault suite for as long as asked, a fault
 * about every 20 s, every consumer stop two minutes long; prints the summary, exits 1 if a check
 * failed, a fault was not confirmed or the platform did not settle.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './run';
import { startChaosPlatform } from './support/platform';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      minutes: { type: 'string', default: '20' },
      firms: { type: 'string', default: '8' },
    },
  });
  const seed = Number(values.seed);
  const minutes = Number(values.minutes);
  if (!Number.isInteger(seed) || !(minutes > 0)) {
    process.stderr.write('usage: pnpm chaos --seed N --minutes M [--firms F]\n');
    return 2;
  }
  const say = (line: string) => process.stdout.write(`chaos: ${line}\n`);
  say(`seed ${seed}, ${minutes} min of load; starting the platform`);
  const platform = await startChaosPlatform();
  say(`processes' logs: ${platform.logDir}`);
  // Ctrl-C stops the services, the broker and Redis, and drops the databases, as the run's end does.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void platform.close().finally(() => process.exit(130)));
  }
  try {
    const summary = await runChaos(platform, {
      seed,
      loadMs: minutes * 60_000,
      firms: Number(values.firms),
      faultEveryMs: 20_000,
      consumerStopMs: 120_000,
      settleWithinMs: 600_000,
      log: say,
    });
    process.stdout.write(`${summary.report}\n`);
    return summary.passed ? 0 : 1;
  } finally {
    await platform.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`chaos: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
