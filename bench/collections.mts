/**
 * pnpm bench collections [-- --invoices 1000000 --steps 100000]
 *
 * Collections' reads and the ladder, on a database filled in bulk:
 *  1. aging over `invoices` open invoices (default 1,000,000) as of today and as of a past date,
 *     by client (the open-amount history's range index; half the invoices have a payment);
 *  2. KPIs over 24 months (count-back DSO at 24 month ends, CEI, ADD, lockup, trend);
 *  3. `steps` due ladder steps (default 100,000 clients, one friendly reminder each) decided,
 *     claimed and sent to a local SMTP server (on a thread of its own) by the sweeps of
 *     `instances` service instances (default 2, each on a worker thread), within the contact
 *     limits; every client must receive exactly one message, a sample is read for its content;
 *  4. event to replica: billing's invoice events published on Kafka at `rate` per second for
 *     `seconds` (the service's own consumer, as main.ts runs it), latency from publishing to the
 *     inbox row committed with the replica's rows and the client's agenda entry, p50/p99.
 * `--only aging,kpis` runs the parts named (aging, kpis, ladder, lag) and skips the others.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { allTopics, billingEvents, createEvent } from '@lexfin/contracts';
import { createKafkaMessaging, kafkaSettingsFromEnv, silentLogger } from '@lexfin/messaging';
import { createDatabase } from '@lexfin/persistence';
import { startService, systemCaller } from '@lexfin/service-kit';
import { createLogger } from '@lexfin/platform';
import {
  createTestDatabase,
  redisUrl,
  startKafkaMock,
  startSmtpServerThread,
  testJwtSecret,
  type KafkaMock,
  type SmtpServerReport,
} from '@lexfin/testing';
import { collectionsService } from '../services/collections/dist/service.js';
import { arAging } from '../services/collections/dist/app/receivables/aging.js';
import { collectionsKpis } from '../services/collections/dist/app/receivables/kpis.js';
import {
  appendOnlyTables,
  collectionsMigrations,
} from '../services/collections/dist/db/migrations/index.js';
import { fillReceivablesByDay } from '../services/collections/dist/db/migrations/0131-receivables-by-day.js';
import { createCollectionDelivery } from '../services/collections/dist/delivery/index.js';
import type { InstanceResult, InstanceSetup } from './lib/ladder-instance.mts';
import { publishAtRate } from './lib/publish-at-rate.mts';
import type { CollectionsDatabase } from '../services/collections/dist/db/schema.js';

const { values: args } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    steps: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    // service instances sweeping the ladder at once, each on a worker thread
    instances: { type: 'string', default: '2' },
    // e.g. `--only aging,kpis`: the reads alone, without the ladder and the lag parts
    only: { type: 'string', default: 'aging,kpis,ladder,lag' },
  },
});
const parts = new Set(args.only.split(','));
const rate = Number(args.rate);
const lagSeconds = Number(args.seconds);
const invoiceCount = Number(args.invoices);
const stepCount = Number(args.steps);
const instances = Number(args.instances);
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const TODAY = '2026-11-30';
const PAST = '2026-03-31';

const database = await createTestDatabase<CollectionsDatabase>({
  label: 'bench-collections',
  migrations: collectionsMigrations,
  appendOnlyTables,
});
const app = createDatabase<CollectionsDatabase>({ url: database.appUrl, applicationName: 'bench' });
const owner = database.owner.db;
const firmId = randomUUID();
const clients = Math.max(1, Math.floor(invoiceCount / 50));

/**
 * A bench/lib script on a worker thread, once it says it is ready: `go` lets it start and
 * resolves with the result it posts.
 */
async function readyWorker<T>(script: string, workerData: unknown) {
  const worker = new Worker(new URL(script, import.meta.url), { workerData });
  const failed = new Promise<never>((_resolve, reject) => worker.once('error', reject));
  const next = () =>
    Promise.race([new Promise<T>((resolve) => worker.once('message', resolve)), failed]);
  await next();
  return {
    go(): Promise<T> {
      const result = next();
      worker.postMessage('go');
      return result;
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const [, fillMs] = await timed(async () => {
  await sql`insert into clients (firm_id, client_id, display_name, currency, time_zone)
    select ${firmId}::uuid, md5('c' || g)::uuid, 'Client ' || g, 'USD', 'America/New_York'
    from generate_series(1, ${clients}) g`.execute(owner);
  await sql`insert into matters (firm_id, matter_id, client_id, matter_number, description, currency,
      responsible_partner_id, practice_area_id, practice_area)
    select ${firmId}::uuid, md5('m' || g)::uuid, md5('c' || g)::uuid, 'M-' || g, 'Matter', 'USD',
      md5('p' || (g % 40))::uuid, md5('a' || (g % 8))::uuid, 'Area ' || (g % 8)
    from generate_series(1, ${clients}) g`.execute(owner);
  await sql`insert into invoices (firm_id, invoice_id, invoice_number, client_id, matter_id, currency,
      invoice_date, due_date, total_minor, open_minor)
    select ${firmId}::uuid, md5('i' || g)::uuid, 'INV-' || g, md5('c' || (g % ${clients} + 1))::uuid,
      md5('m' || (g % ${clients} + 1))::uuid, 'USD', ${TODAY}::date - (g % 730),
      ${TODAY}::date - (g % 730) + 30, 10000 + (g % 990000), 10000 + (g % 990000)
    from generate_series(1, ${invoiceCount}) g`.execute(owner);
  // Every invoice is open today; every other one had a payment of half 20 days after its date.
  await sql`insert into open_amount_history (firm_id, invoice_id, valid_from, valid_to, open_minor,
      currency, due_date, client_id, matter_id)
    select firm_id, invoice_id, invoice_date,
      case when (substr(invoice_number, 5)::int) % 2 = 0 then invoice_date + 20 else 'infinity'::date end,
      total_minor, currency, due_date, client_id, matter_id from invoices
    union all
    select firm_id, invoice_id, invoice_date + 20, 'infinity', total_minor / 2, currency, due_date,
      client_id, matter_id from invoices where (substr(invoice_number, 5)::int) % 2 = 0`.execute(
    owner,
  );
  await sql`insert into invoice_movements (firm_id, invoice_id, source_id, kind, on_date, amount_minor, currency)
    select firm_id, invoice_id, invoice_id::text, 'PAYMENT', invoice_date + 20, -(total_minor / 2), currency
    from invoices where (substr(invoice_number, 5)::int) % 2 = 0`.execute(owner);
  // the day totals the replica would have kept while applying these facts
  await fillReceivablesByDay(owner);
  // as autovacuum leaves tables after inserts: statistics, and pages marked all-visible (what
  // the index-only scans of the reports rely on)
  await sql`vacuum analyze`.execute(owner);
});

const scope = {
  db: app.db,
  clock: () => new Date(`${TODAY}T15:00:00Z`),
  delivery: createCollectionDelivery(
    {
      smtpUrl: 'smtp://127.0.0.1:1',
      mailFrom: 'Accounts <a@lexfin.invalid>',
      smsUrl: null,
      smsToken: null,
    },
    createLogger({ service: 'bench', level: 'silent' }),
  ),
  optOutBaseUrl: null,
  caller: systemCaller({ firmId, work: 'bench', correlationId: randomUUID() }),
};

/**
 * Every client got its one message and nobody else got one; the sampled messages name the client
 * and its invoice at its open amount, and carry the opt-out line.
 */
function checkReceived(report: SmtpServerReport, clientCount: number) {
  const numbers = new Set(
    report.recipients.map((address) => Number(/^client(\d+)@bench\.test$/.exec(address)?.[1])),
  );
  const everyClient = Array.from({ length: clientCount }, (_, index) => index + 1).every((n) =>
    numbers.has(n),
  );
  if (
    report.acceptedCount !== clientCount ||
    report.recipients.length !== clientCount ||
    !everyClient
  ) {
    throw new Error(
      `the SMTP server took ${report.acceptedCount} messages for ${numbers.size} of the ${clientCount} clients`,
    );
  }
  for (const mail of report.received) {
    const n = /^client(\d+)@bench\.test$/.exec(mail.to[0] ?? '')?.[1];
    const expected = [`Dear Client ${n},`, `S-Client ${n}`, 'USD 500.00', 'please let us know'];
    const missing = expected.filter(
      (part) => !mail.text.includes(part) || !mail.html.includes(part),
    );
    if (n === undefined || mail.to.length !== 1 || missing.length > 0) {
      throw new Error(`the message to ${mail.to.join(', ')} lacks ${missing.join(', ')}`);
    }
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`collections bench (load before: ${loadBefore}); fill ${seconds(fillMs)}`);
if (parts.has('aging')) {
  const [today, agingTodayMs] = await timed(() =>
    arAging(scope, { asOf: TODAY, groupBy: 'CLIENT' }),
  );
  const [past, agingPastMs] = await timed(() => arAging(scope, { asOf: PAST, groupBy: 'CLIENT' }));
  console.log(
    `aging, ${invoiceCount.toLocaleString('en-US')} open invoices, as of ${TODAY}: ${seconds(agingTodayMs)} (${today.rows.length} clients)`,
  );
  console.log(`aging as of ${PAST}: ${seconds(agingPastMs)} (${past.rows.length} clients)`);
}
if (parts.has('kpis')) {
  const [kpis, kpiMs] = await timed(() =>
    collectionsKpis(scope, { from: '2024-12-01', to: TODAY, groupBy: 'FIRM' }),
  );
  console.log(
    `KPIs over 24 months (trend of 24 months): ${seconds(kpiMs)}; count-back DSO ${kpis[0]?.countBackDso?.toString()} tenths`,
  );
}
await scope.delivery.close();

// On a thread of its own, keeping one message in 1,000 parsed (the rest counted, recipients noted).
const smtp = await startSmtpServerThread({ sampleEvery: 1000 });
if (parts.has('ladder')) {
  // The ladder: one client per step, each with one invoice one day past due and email consented.
  const stepFirm = randomUUID();
  // Event payloads carry RFC 4122 ids: gen_random_uuid(), not md5 shapes, for this part.
  await sql`insert into clients (firm_id, client_id, display_name, currency, time_zone, billing_email,
    consent_email)
  select ${stepFirm}::uuid, gen_random_uuid(), 'Client ' || g, 'USD', 'America/New_York',
    'client' || g || '@bench.test', true
  from generate_series(1, ${stepCount}) g`.execute(owner);
  await sql`insert into invoices (firm_id, invoice_id, invoice_number, client_id, matter_id, currency,
    invoice_date, due_date, total_minor, open_minor)
  select firm_id, gen_random_uuid(), 'S-' || display_name, client_id, gen_random_uuid(),
    'USD', ${TODAY}::date - 31, ${TODAY}::date - 1, 50000, 50000
  from clients where firm_id = ${stepFirm}::uuid`.execute(owner);
  await sql`insert into collection_agenda (firm_id, client_id, due_at)
  select firm_id, client_id, ${`${TODAY}T14:00:00Z`}::timestamptz
  from clients where firm_id = ${stepFirm}::uuid`.execute(owner);
  const ready = await Promise.all(
    Array.from({ length: instances }, () =>
      readyWorker<InstanceResult>('./lib/ladder-instance.mts', {
        databaseUrl: database.appUrl,
        smtpUrl: smtp.url,
        now: `${TODAY}T15:00:00Z`,
        smtpMaxConnections: 8,
        sweepsAtOnce: 2,
        sweepLimit: 400,
      } satisfies InstanceSetup),
    ),
  );
  const cpuBefore = process.cpuUsage();
  const [results, stepsMs] = await timed(() => Promise.all(ready.map((worker) => worker.go())));
  const cpu = process.cpuUsage(cpuBefore);
  const counts = results.reduce((sum, one) => sum + one.sent, 0);
  const others = results.flatMap((one) => Object.entries(one.other));
  if (others.length > 0) throw new Error(`steps not sent: ${JSON.stringify(others)}`);
  const report = await smtp.report();
  checkReceived(report, stepCount);

  console.log(
    `ladder: ${stepCount.toLocaleString('en-US')} due steps, ${instances} instances on threads: ${counts} sent, ${report.acceptedCount} received by SMTP in ${seconds(stepsMs)} (every recipient once; ${report.received.length} sampled messages read)`,
  );
  const processMs = (cpu.user + cpu.system) / 1000;
  const instancesMs = results.reduce((sum, one) => sum + one.cpuMs, 0);
  const postgresMs = results.reduce((sum, one) => sum + one.postgresCpuMs, 0);
  const perStep = (ms: number) => `${(ms / stepCount).toFixed(3)} ms`;
  console.log(
    `  CPU: the instances ${results.map((one) => seconds(one.cpuMs)).join(' + ')}, the SMTP server ${seconds(report.cpuMs)}, the bench process in all ${seconds(processMs)}, their PostgreSQL backends ${results.map((one) => seconds(one.postgresCpuMs)).join(' + ')}`,
  );
  console.log(
    `  CPU a step: instances ${perStep(instancesMs)}, SMTP server ${perStep(report.cpuMs)}, other threads ${perStep(processMs - instancesMs - report.cpuMs)}, PostgreSQL ${perStep(postgresMs)}; ${(stepCount / (stepsMs / 1000)).toFixed(0)} steps/s`,
  );
}

if (parts.has('lag')) {
  // 4. event to replica, through the service's consumer on Kafka.
  process.env.LEXFIN_JWT_SECRET ??= testJwtSecret;
  process.env.REDIS_URL ??= redisUrl();
  let kafka: KafkaMock | undefined;
  const settings = process.env.KAFKA_BROKERS
    ? kafkaSettingsFromEnv('bench-collections')
    : (kafka = await startKafkaMock({ topics: allTopics() })).settings('bench-collections');
  const messaging = createKafkaMessaging(
    settings,
    silentLogger,
    kafka ? { createTopics: kafka.createTopics } : {},
  );
  const service = await startService(collectionsService, {
    database: database.app,
    messaging,
    logger: createLogger({ service: 'bench-collections', level: 'silent' }),
    env: { ...process.env, COLLECTIONS_SMTP_URL: smtp.url },
    without: ['jobs'],
  });
  const lagFirm = randomUUID();
  const lagClients = Array.from({ length: 2_000 }, () => randomUUID());
  const publisher = await messaging.connectPublisher();
  const invoiceEvent = (clientId: string, at: Date) => {
    const invoiceId = randomUUID();
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    return createEvent(billingEvents.invoiceIssuedV2, {
      firmId: lagFirm,
      subject: invoiceId,
      correlationId: randomUUID(),
      time: at,
      data: {
        invoiceId,
        invoiceNumber: `L-${invoiceId.slice(0, 8)}`,
        clientId,
        matterId: clientId,
        invoiceDate: '2026-11-01',
        dueDate: '2026-11-20',
        paymentTermsDays: 19,
        periodStart: '2026-10-01',
        periodEnd: '2026-10-31',
        total: usd('1200.00'),
        linesSummary: {
          lineCount: 1,
          fees: usd('1200.00'),
          expenses: usd('0.00'),
          tax: usd('0.00'),
          adjustments: usd('0.00'),
        },
        billedTimeEntries: [],
        billedExpenses: [],
      },
    });
  };
  const lagStarted = Date.now();
  const { publishedAt, sentSeconds } = await publishAtRate(
    publisher,
    { rate, seconds: lagSeconds },
    (at) => invoiceEvent(lagClients[Math.floor(Math.random() * lagClients.length)]!, at),
  );
  const inboxed = () =>
    owner
      .selectFrom('inbox')
      .select(['event_id', 'processed_at'])
      .where('firm_id', '=', lagFirm)
      .execute();
  let applied = await inboxed();
  while (applied.length < publishedAt.size) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    applied = await inboxed();
  }
  const drainedSeconds = (Date.now() - lagStarted) / 1000;
  const lags = applied
    .map((row) => row.processed_at.getTime() - publishedAt.get(row.event_id)!)
    .sort((a, b) => a - b);
  const percentile = (p: number) =>
    lags[Math.min(lags.length - 1, Math.floor((lags.length * p) / 100))];
  const { onAgenda } = await sql<{ onAgenda: string }>`select count(*)::text as "onAgenda"
  from collection_agenda where firm_id = ${lagFirm}::uuid`
    .execute(owner)
    .then((result) => result.rows[0]!);
  await publisher.disconnect();
  await service.close();
  await messaging.close();
  await kafka?.stop();

  console.log(
    `event -> replica: ${publishedAt.size} invoice events in ${sentSeconds.toFixed(1)} s (${(publishedAt.size / sentSeconds).toFixed(0)}/s), all applied after ${drainedSeconds.toFixed(1)} s, ${onAgenda} clients on the agenda: p50 ${percentile(50)} ms, p99 ${percentile(99)} ms, max ${lags.at(-1)} ms (target p99 < 250 ms)`,
  );
}
await smtp.close();
console.log(
  `load average after: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
await app.close();
await database.drop();
