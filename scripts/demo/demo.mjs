/**
 * `pnpm demo [--gateway http://127.0.0.1:4000] [--firm ID]`: loads the demo firm into a running
 * platform (into another firm with --firm, e.g. to see it twice).
 */
import { parseArgs } from 'node:util';
import { developmentEnv } from '../dev-env.mjs';
import { loadDemo } from './load-demo.mjs';

const { values } = parseArgs({
  options: {
    gateway: { type: 'string', default: 'http://127.0.0.1:4000' },
    firm: { type: 'string' },
  },
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});
const say = (line) => process.stdout.write(`lexfin demo: ${line}\n`);
try {
  const ready = await fetch(`${values.gateway}/readyz`).catch(() => null);
  if (!ready?.ok)
    throw new Error(`no ready gateway at ${values.gateway}: start the platform with 'pnpm start'`);
  say(
    `demo firm: ${await loadDemo({ gatewayUrl: values.gateway, env: developmentEnv(), say, firmId: values.firm })}`,
  );
} catch (error) {
  process.stderr.write(`lexfin demo: ${error.message}\n`);
  process.exit(1);
}
