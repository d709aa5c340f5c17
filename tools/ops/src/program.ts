import { Command, InvalidArgumentError } from 'commander';
import { dlqList, dlqReplay, dlqShow } from './commands/dlq';
import { eventsTail } from './commands/events-tail';
import { consistency } from './commands/consistency';
import { lag } from './commands/lag';
import { outbox } from './commands/outbox';
import { webhooksFailing } from './commands/webhooks-failing';
import type { OpsIo } from './io';

/**
 * `pnpm ops ...`: the operations team's command. Each subcommand resolves to its exit code;
 * commander parses, validates and prints help and usage errors.
 */
export function opsProgram(io: OpsIo, exit: (code: number) => void): Command {
  const program = new Command('ops')
    .description('Lexfin operations: the event stream, dead letters, lag, outboxes, webhooks')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.out(text.trimEnd()),
    });
  const run =
    <Args extends unknown[]>(command: (...args: Args) => Promise<number>) =>
    async (...args: Args) =>
      exit(await command(...args));

  const events = program.command('events').description("the services' events on Kafka");
  events
    .command('tail')
    .description('print events as they arrive, decoded and checked against the catalogue')
    .option('-t, --type <pattern>', 'event type; * matches anything (billing.invoice.*)')
    .option('--firm <id>', "only this firm's events")
    .option('--client <id>', "only this client's events")
    .option('--since <time>', 'start at an ISO time or a duration ago (15m, 2h, 1d); default: now')
    .option('--json', 'one JSON object per line instead of text')
    .option('-n, --limit <count>', 'stop after this many events', positiveInteger)
    .option('--no-follow', 'stop at the end of what is there instead of waiting for more')
    .action(run((options) => eventsTail(io, options)));

  const dlq = program.command('dlq').description('dead letters: messages a consumer gave up on');
  dlq
    .command('list')
    .description('every dead letter, oldest first, with why it failed')
    .option('-g, --group <group>', "only this consumer group's")
    .option('--json', 'one JSON object per line')
    .action(run((options) => dlqList(io, options)));
  dlq
    .command('show')
    .description('one dead letter: its headers and value')
    .argument('<group>', 'consumer group')
    .argument('<offset>', "offset in the group's dead-letter topic")
    .action(run((group: string, offset: string) => dlqShow(io, group, offset)));
  dlq
    .command('replay')
    .description('send dead letters back to their topic, with their key and headers')
    .argument('<group>', 'consumer group')
    .option('-o, --offset <offset...>', 'the dead letters to replay')
    .option('--all', 'every dead letter of the group')
    .option('--by <name>', 'who replays (header replayed-by)', io.env.USER ?? 'ops')
    .action(
      run((group: string, options: { offset?: string[]; all?: boolean; by: string }) =>
        dlqReplay(io, group, { offsets: options.offset, all: options.all, by: options.by }),
      ),
    );

  program
    .command('lag')
    .description('per consumer group and partition: committed offset, high-watermark, lag')
    .option('-g, --group <group>', 'only this consumer group')
    .option('--json', 'one JSON object per line')
    .action(run((options) => lag(io, options)));

  program
    .command('outbox')
    .description("per service: events committed and not yet published, and the oldest one's age")
    .option('-s, --service <name>', 'only this service (folder under services/)')
    .option('--json', 'one JSON object per line')
    .action(run((options) => outbox(io, options)));

  program
    .command('webhooks')
    .description('webhook endpoints')
    .command('failing')
    .description('endpoints whose deliveries fail, with their last answer and error')
    .option(
      '--firm <id>',
      'one firm (needed when the database role is subject to row-level security)',
    )
    .option('--json', 'one JSON object per line')
    .action(run((options) => webhooksFailing(io, options)));

  program
    .command('consistency')
    .description("the services' consistency checks, through the gateway, for the token's firm")
    .option(
      '--gateway <url>',
      'the GraphQL endpoint',
      io.env.LEXFIN_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql',
    )
    .option('--token <token>', 'bearer token (default: LEXFIN_TOKEN)')
    .action(run((options) => consistency(io, options)));

  return program;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('a whole number of at least 1');
  }
  return parsed;
}
