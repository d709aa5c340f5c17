/**
 * `pnpm run token --role partner [--role ops] [--firm ID] [--client ID] [--sub NAME] [--expires 12h]`:
 * prints a development token (HS256, the development secret) for the demo firm or the one given.
 */
import { parseArgs } from 'node:util';
import { ROLES } from '@lexfin/platform';
import { demoFirmId, developmentToken } from './dev-env.mjs';

const usage = `usage: pnpm run token --role ROLE [--role ROLE...] [--firm FIRM_ID] [--client CLIENT_ID] [--sub USER] [--expires 12h]
roles: ${ROLES.join(', ')}; the firm defaults to the demo firm (${demoFirmId}); client_portal needs --client`;

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      firm: { type: 'string' },
      client: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean' },
    },
    // pnpm passes a `--` typed before the options on to the script.
    args: process.argv.slice(2).filter((arg, index) => index > 0 || arg !== '--'),
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (!values.role?.length) throw new Error('--role is required');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const [flag, value] of [
    ['--firm', values.firm],
    ['--client', values.client],
  ]) {
    if (value !== undefined && !uuid.test(value)) throw new Error(`${flag} must be a UUID`);
  }
  const token = await developmentToken({
    roles: values.role,
    firmId: values.firm,
    clientId: values.client,
    sub: values.sub,
    expiresIn: values.expires,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`lexfin token: ${error.message}\n${usage}\n`);
  process.exit(2);
}
