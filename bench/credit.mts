/**
 * pnpm bench credit [-- --seconds 60 --rate 1000 --clients 1000000 --intake-seconds 10]
 *   [--only events|intake|nightly]
 *
 * Credit-assessment, the service as main.ts runs it (consumers, outbox relay), in one run:
 *  1. event to profile: billing's events published on Kafka at `rate` per second for `seconds`
 *     across 2,000 clients; latency from the event's time to its inbox row (committed with the
 *     facts and the re-assessed profile), p50/p99;
 *  2. assessMatterIntake through the subgraph at 20 connections (autocannon), each request with
 *     its own idempotency key, for 2,000 clients of another firm with 20 facts each;
 *  3. the nightly re-assessment of `clients` clients (20 facts each) loaded set-based into the
 *     credit file: every feature recomputed from the facts, scored and written back in bulk.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql, type Kysely } from 'kysely';
import { allTopics, billingEvents, createEvent, type EventEnvelope } from '@lexfin/contracts';
import { createKafkaMessaging, kafkaSettingsFromEnv, silentLogger } from '@lexfin/messaging';
import { createDatabase } from '@lexfin/persistence';
import { createLogger } from '@lexfin/platform';
import { startService, systemCaller } from '@lexfin/service-kit';
import {
  createTestDatabase,
  mintToken,
  redisUrl,
  startKafkaMock,
  testJwtSecret,
  uniqueRedisPrefix,
  type KafkaMock,
} from '@lexfin/testing';
import { rescoreFirm } from '../services/credit-assessment/dist/app/profile/rescore-firm.js';
import {
  appendOnlyTables,
  creditMigrations,
} from '../services/credit-assessment/dist/db/migrations/index.js';
import type { CreditDatabase } from '../services/credit-assessment/dist/db/schema.js';
import { creditAssessmentService } from '../services/credit-assessment/dist/service.js';
import { startCpuMeter } from './lib/cpu-meter.mts';
import { publishAtRate } from './lib/publish-at-rate.mts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '1000000' },
    'intake-seconds': { type: 'string', default: '10' },
    // One part alone: the nightly part's load dwarfs the others at full scale.
    only: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const nightlyClients = Number(args.clients);
const intakeSeconds = Number(args['intake-seconds']);
const parts = ['events', 'intake', 'nightly'];
if (args.only !== undefined && !parts.includes(args.only)) {
  throw new Error(`--only takes one of ${parts.join(', ')}`);
}
const runs = (part: string) => args.only === undefined || args.only === part;
const loadBefore = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
process.env.LEXFIN_JWT_SECRET ??= testJwtSecret;
process.env.REDIS_URL ??= redisUrl();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

let kafka: KafkaMock | undefined;
const settings = process.env.KAFKA_BROKERS
  ? kafkaSettingsFromEnv('bench-credit')
  : (kafka = await startKafkaMock({ topics: allTopics() })).settings('bench-credit');
const messaging = createKafkaMessaging(
  settings,
  silentLogger,
  kafka ? { createTopics: kafka.createTopics } : {},
);

const database = await createTestDatabase<CreditDatabase>({
  label: 'bench-credit',
  migrations: creditMigrations,
  appendOnlyTables,
});
const service = await startService(creditAssessmentService, {
  database: database.app,
  messaging,
  redisPrefix: uniqueRedisPrefix(),
  logger: createLogger({ service: 'bench-credit', level: 'silent' }),
  without: ['jobs'],
});
const firmId = randomUUID();
const clientIds = Array.from({ length: 2_000 }, () => randomUUID());
const matterOf = new Map<string, string>(clientIds.map((id) => [id, randomUUID()]));

function timeEntry(clientId: string, at: Date): EventEnvelope<unknown> {
  const amount = { amount: `${100 + Math.floor(Math.random() * 900)}.00`, currency: 'USD' };
  return createEvent(billingEvents.timeEntryRecorded, {
    firmId,
    subject: clientId,
    correlationId: randomUUID(),
    time: at,
    data: {
      timeEntryId: randomUUID(),
      matterId: matterOf.get(clientId)!,
      clientId,
      timekeeperId: clientId,
      workDate: '2026-06-01',
      hours: '1.0',
      rate: amount,
      amount,
      billable: true,
      taskCode: null,
      activityCode: null,
    },
  });
}

const owner = database.owner.db;
// Client and matter ids as events carry them: RFC 4122 version 4.
await sql`create function bench_uuid(seed text) returns uuid language sql immutable as
  $$ select overlay(overlay(md5(seed) placing '4' from 13) placing '8' from 17)::uuid $$`.execute(
  owner,
);

/**
 * Credit files of `count` clients with 20 facts each, set-based (ids from `prefix` and a number).
 * Each client's two ids are computed once, not once per fact.
 */
async function seedCreditFiles(
  db: Kysely<CreditDatabase>,
  firm: string,
  prefix: string,
  count: number,
): Promise<void> {
  // Per client: opened, one unbilled time entry, six invoices each issued, paid and settled.
  await sql`with client as materialized (
      select c, bench_uuid(${prefix} || c::text) as id, bench_uuid(${prefix} || c::text || 'm') as matter
      from generate_series(1, ${count}::int) c)
    insert into credit_facts
    select ${firm}::uuid, gen_random_uuid(), 0, id, 'CLIENT_OPENED', null::uuid, null::text, 0, 'USD',
      date '2024-01-01', null::date, null::int, timestamptz '2024-01-01', now()
    from client
    union all
    select ${firm}::uuid, gen_random_uuid(), 0, id, 'WORK_RECORDED', matter,
      md5(c::text || 'w'), 50000 + (c % 97) * 100, 'USD', date '2026-06-01', null::date, null::int, timestamptz '2026-06-01', now()
    from client
    union all
    select ${firm}::uuid, gen_random_uuid(), 0, id, k.kind, matter,
      md5(c::text || '-' || i), case when k.kind = 'INVOICE_PAID' then 0 else 100000 + (c % 50) * 1000 end,
      'USD', case when k.kind = 'INVOICE_ISSUED' then d.issued else d.paid end, d.issued + 30, null::int,
      (case when k.kind = 'INVOICE_ISSUED' then d.issued else d.paid end)::timestamptz + k.o * interval '1 second', now()
    from client
    cross join generate_series(1, 6) i
    cross join lateral (select date '2025-07-01' + i * 45 as issued,
      date '2025-07-01' + i * 45 + 30 + ((c + i) % 40) - 10 as paid) d
    cross join (values ('INVOICE_ISSUED', 0), ('PAYMENT_APPLIED', 1), ('INVOICE_PAID', 2)) k(kind, o)`.execute(
    db,
  );
}

/**
 * Fills tables with their indexes dropped, then builds the indexes again as they were: inserting
 * 20,000,000 random keys one by one into the facts' two indexes was most of a 20-minute fill, a
 * sorted build takes a minute. The rows are the same.
 */
async function withIndexesRebuilt(
  db: Kysely<CreditDatabase>,
  tables: string[],
  fill: () => Promise<void>,
): Promise<void> {
  const { rows: indexes } = await sql<{
    table: string;
    index: string;
    definition: string;
    constraint: string | null;
    constraintDefinition: string | null;
  }>`select x.indrelid::regclass::text as table, i.relname as index,
      pg_get_indexdef(x.indexrelid) as definition, c.conname as constraint,
      pg_get_constraintdef(c.oid) as "constraintDefinition"
    from pg_index x join pg_class i on i.oid = x.indexrelid
    left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
    where x.indrelid = any(${tables}::regclass[])`.execute(db);
  for (const index of indexes) {
    if (index.constraint !== null) {
      await sql`alter table ${sql.table(index.table)} drop constraint ${sql.id(index.constraint)}`.execute(
        db,
      );
    } else await sql`drop index ${sql.id(index.index)}`.execute(db);
  }
  await fill();
  // A sorted build in memory, not in 64 MB runs on disk.
  await sql`set maintenance_work_mem = '1GB'`.execute(db);
  for (const index of indexes) {
    if (index.constraint !== null) {
      await sql`alter table ${sql.table(index.table)} add constraint ${sql.id(index.constraint)} ${sql.raw(index.constraintDefinition!)}`.execute(
        db,
      );
    } else await sql.raw(index.definition).execute(db);
  }
  await sql`reset maintenance_work_mem`.execute(db);
}

// 1. event to profile
const published = new Map<string, number>();
console.log(`credit-assessment benchmark (load average before: ${loadBefore})`);
if (runs('events')) {
  const publisher = await messaging.connectPublisher();
  const stopCpuMeter = await startCpuMeter(owner);
  const started = Date.now();
  const { publishedAt, sentSeconds } = await publishAtRate(publisher, { rate, seconds }, (at) =>
    timeEntry(clientIds[Math.floor(Math.random() * clientIds.length)]!, at),
  );
  for (const [id, at] of publishedAt) published.set(id, at);
  for (;;) {
    const { n } = await owner
      .selectFrom('inbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) >= published.size) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const inbox = await owner.selectFrom('inbox').select(['event_id', 'processed_at']).execute();
  const drainedSeconds = (Date.now() - started) / 1000;
  const cpu = await stopCpuMeter(published.size);
  // An inbox row's processed_at is its transaction's start: one instant per transaction.
  const transactions = new Set(inbox.map((row) => row.processed_at.getTime())).size;
  const latencies = inbox
    .map((row) => row.processed_at.getTime() - published.get(row.event_id)!)
    .sort((a, b) => a - b);
  await publisher.disconnect();
  console.log(
    `1. event -> profile: ${published.size} events in ${sentSeconds.toFixed(1)} s (${(published.size / sentSeconds).toFixed(0)}/s) over ${clientIds.length} clients, ` +
      `all applied after ${drainedSeconds.toFixed(1)} s (${(published.size / drainedSeconds).toFixed(0)}/s): ` +
      `p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms, ` +
      `${(published.size / transactions).toFixed(1)} events per transaction; ` +
      `CPU an event: Node ${cpu.nodeMs.toFixed(2)} ms (service and publisher), PostgreSQL ${cpu.postgresMs.toFixed(2)} ms (target p99 < 250 ms)`,
  );
}

// 2. intake through the subgraph
if (runs('intake')) {
  // Its own firm of 2,000 clients with a payment history, so it runs alone too and every request
  // folds a real credit file (20 facts) to a graded decision.
  const intakeFirm = randomUUID();
  await seedCreditFiles(owner, intakeFirm, 'i', 2_000);
  await sql`analyze credit_facts`.execute(owner);
  const intakeClients = (
    await owner
      .selectFrom('credit_facts')
      .select('client_id')
      .where('firm_id', '=', intakeFirm)
      .where('kind', '=', 'CLIENT_OPENED')
      .execute()
  ).map((row) => row.client_id);
  const officer = await mintToken({ firmId: intakeFirm, roles: ['credit_officer'] });
  const intakeQuery =
    'mutation ($input: MatterIntakeInput!, $key: String!) { assessMatterIntake(input: $input, idempotencyKey: $key) { id outcome grade retainer { amount } } }';
  let n = 0;
  const stopCpuMeter = await startCpuMeter(owner);
  const intake = await autocannon({
    url: `${service.url}/graphql`,
    connections: 20,
    duration: intakeSeconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          n += 1;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
            body: JSON.stringify({
              query: intakeQuery,
              variables: {
                key: `bench-${n}-${randomUUID()}`,
                input: {
                  clientId: intakeClients[n % intakeClients.length],
                  practiceArea: 'Litigation',
                  billingArrangement: 'HOURLY',
                  estimatedFees: { amount: '25000.00', currency: 'USD' },
                },
              },
            }),
          };
        },
      },
    ],
  });
  const cpu = await stopCpuMeter(intake.requests.total);
  const decisions = await owner
    .selectFrom('credit_decisions')
    .select((eb) => ['outcome', eb.fn.countAll<string>().as('n')])
    .where('firm_id', '=', intakeFirm)
    .groupBy('outcome')
    .orderBy('outcome')
    .execute();

  console.log(
    `2. assessMatterIntake via the subgraph, 20 connections, ${intakeSeconds} s: ${intake.requests.average.toFixed(0)} req/s, ` +
      `p50 ${intake.latency.p50} ms, p99 ${intake.latency.p99} ms, non-2xx ${intake.non2xx}, errors ${intake.errors}; ` +
      `CPU a request: Node ${cpu.nodeMs.toFixed(2)} ms (service and autocannon), PostgreSQL ${cpu.postgresMs.toFixed(2)} ms; ` +
      `decisions stored ${decisions.map((row) => `${row.outcome}=${row.n}`).join(' ')} over ${intakeClients.length} clients (target 1,000 req/s, p99 < 50 ms)`,
  );
}

await service.close();
await messaging.close();

// 3. the nightly re-assessment of a large firm: facts loaded set-based, then re-scored
if (runs('nightly')) {
  const big = randomUUID();
  const loadStarted = Date.now();
  await sql`insert into credit_firms (firm_id) values (${big})`.execute(owner);
  const prefix = 'n';
  // One connection: the fill and the index builds after it in one session.
  await owner.connection().execute((db) =>
    withIndexesRebuilt(db, ['credit_facts', 'client_profiles'], async () => {
      await seedCreditFiles(db, big, prefix, nightlyClients);
      await sql`insert into client_profiles (firm_id, client_id, as_of, policy_version, thin_file, features, assessment, assessed_at)
        select ${big}::uuid, bench_uuid(${prefix} || c::text), date '2026-06-30', 1, true, '{}', '{}', now()
        from generate_series(1, ${nightlyClients}::int) c`.execute(db);
    }),
  );
  await sql`analyze`.execute(owner);
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const { facts } = (
    await sql<{
      facts: string;
    }>`select count(*) as facts from credit_facts where firm_id = ${big}`.execute(owner)
  ).rows[0]!;
  const app = createDatabase<CreditDatabase>({
    url: database.appUrl,
    applicationName: 'bench-credit',
  });
  const stopCpuMeter = await startCpuMeter(owner);
  const nightlyStarted = Date.now();
  const rescored = await rescoreFirm(
    { db: app.db, clock: () => new Date('2026-06-30T12:00:00Z'), nightlyJobPattern: '' },
    systemCaller({ firmId: big, work: 'bench-nightly', correlationId: randomUUID() }),
  );
  const nightlySeconds = (Date.now() - nightlyStarted) / 1000;
  const cpu = await stopCpuMeter(rescored.clients);
  const grades = await owner
    .selectFrom('client_profiles')
    .select((eb) => ['grade', eb.fn.countAll<string>().as('n')])
    .where('firm_id', '=', big)
    .groupBy('grade')
    .orderBy('grade')
    .execute();

  console.log(
    `3. nightly re-assessment: ${rescored.clients} clients, ${facts} facts (loaded in ${loadSeconds.toFixed(1)} s): ` +
      `${nightlySeconds.toFixed(1)} s, ${(rescored.clients / nightlySeconds).toFixed(0)} clients/s; ` +
      `CPU a client: Node ${(cpu.nodeMs * 1000).toFixed(0)} us, PostgreSQL ${(cpu.postgresMs * 1000).toFixed(0)} us; ` +
      `grades ${grades.map((row) => `${row.grade ?? 'none'}=${row.n}`).join(' ')} (target < 120 s for 1,000,000)`,
  );
  await app.db.destroy();
}
await database.drop();
await kafka?.stop();
process.exit(0);
