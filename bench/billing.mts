/**
 * pnpm bench billing [-- --entries 50000 --invoices 1000000]
 *
 * Billing through the service's commands, on a pool of 10 connections as main.ts opens it:
 *  1. time-entry ingest: `entries` entries (default 50,000) recorded by 8 concurrent writers, in
 *     batches of 100 (recordTimeEntries, as an import would) and one at a time (recordTimeEntry);
 *  2. draft invoice generation for a matter with 10,000 unbilled entries (3 runs, voided between);
 *  3. the receivables query over `invoices` invoices (default 1,000,000; a quarter of them open)
 *     of one firm: first page of 100 plus the open totals, 7 runs after one warm-up.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDatabase } from '@lexfin/persistence';
import type { Caller } from '@lexfin/service-kit';
import { createTestDatabase } from '@lexfin/testing';
import { createClient } from '../services/billing/dist/app/clients.js';
import type { BillingDeps } from '../services/billing/dist/app/deps.js';
import { generateDraftInvoice, voidInvoice } from '../services/billing/dist/app/invoices.js';
import { openMatter } from '../services/billing/dist/app/matters.js';
import { receivables } from '../services/billing/dist/app/queries.js';
import { createTimekeeper, setTimekeeperRate } from '../services/billing/dist/app/timekeepers.js';
import { recordTimeEntries, recordTimeEntry } from '../services/billing/dist/app/work.js';
import { billingMigrations } from '../services/billing/dist/db/migrations/index.js';
import type { BillingDatabase } from '../services/billing/dist/db/tables.js';

const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '50000' },
    invoices: { type: 'string', default: '1000000' },
  },
});
const totalEntries = Number(args.entries);
const totalInvoices = Number(args.invoices);
const WRITERS = 8;
const BATCH = 100;

const template = await createTestDatabase<BillingDatabase>({
  label: 'bench-billing',
  migrations: billingMigrations,
});
await template.app.close();
const database = createDatabase<BillingDatabase>({ url: template.appUrl, poolSize: 10 });
const deps: BillingDeps = { db: database.db, clock: () => new Date('2026-04-01T12:00:00Z') };
const caller: Caller = {
  kind: 'user',
  firmId: randomUUID(),
  userId: 'bench',
  roles: ['firm_admin'],
  correlationId: randomUUID(),
};

const timekeeper = await createTimekeeper(deps, caller, {
  name: 'Finch, Ada',
  classification: 'PARTNR',
});
await setTimekeeperRate(deps, caller, {
  timekeeperId: timekeeper.id,
  effectiveFrom: '2026-01-01',
  rate: { amount: '350.00', currency: 'USD' },
});
const client = await createClient(deps, caller, {
  displayName: 'Bench client',
  kind: 'ORGANISATION',
  timeZone: 'UTC',
  currency: 'USD',
});

async function newMatter(number: string): Promise<string> {
  const matter = await openMatter(deps, caller, {
    clientId: client.id,
    matterNumber: number,
    description: 'Bench matter',
    responsiblePartner: 'Ada Finch',
    practiceArea: 'Litigation',
    billingArrangement: 'HOURLY',
    paymentTermsDays: 30,
    taxRatePercent: '8.875',
  });
  return matter.id;
}

function entry(matterId: string, index: number) {
  return {
    matterId,
    timekeeperId: timekeeper.id,
    workDate: `2026-03-${String((index % 28) + 1).padStart(2, '0')}`,
    hours: `${(index % 80) / 10 + 0.1}`.replace(/(\.\d)\d*$/, '$1'),
    taskCode: 'L110',
    activityCode: 'A101',
    narrative: `Work item ${index}`,
  };
}

/** Runs `count` units of work over `WRITERS` concurrent writers; returns units per second. */
async function rate(
  count: number,
  unit: number,
  work: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return Math.round(((count * unit) / (performance.now() - started)) * 1000);
}

const ingestMatter = await newMatter('INGEST');
const batched = await rate(totalEntries / BATCH, BATCH, (batch) =>
  recordTimeEntries(
    deps,
    caller,
    Array.from({ length: BATCH }, (_, i) => entry(ingestMatter, batch * BATCH + i)),
  ),
);
const single = await rate(Math.min(totalEntries, 10_000), 1, (index) =>
  recordTimeEntry(deps, caller, entry(ingestMatter, index)),
);

const draftMatter = await newMatter('DRAFT-10K');
for (let batch = 0; batch < 100; batch += 1) {
  await recordTimeEntries(
    deps,
    caller,
    Array.from({ length: BATCH }, (_, i) => entry(draftMatter, batch * BATCH + i)),
  );
}
const draftMs: number[] = [];
for (let run = 0; run < 3; run += 1) {
  const started = performance.now();
  const draft = await generateDraftInvoice(deps, caller, {
    matterId: draftMatter,
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
  });
  draftMs.push(performance.now() - started);
  await voidInvoice(deps, caller, {
    invoiceId: draft.id,
    reason: 'Bench',
    idempotencyKey: randomUUID(),
  });
}

// A million invoices of one firm, spread over 1,000 clients: a quarter still open.
const seedStarted = performance.now();
const owner = template.owner.pool;
const firm = caller.firmId;
await owner.query(
  `insert into clients (id, firm_id, display_name, kind, time_zone, currency)
  select gen_random_uuid(), $1::uuid, 'Client ' || n, 'ORGANISATION', 'UTC', 'USD'
  from generate_series(1, 1000) as n`,
  [firm],
);
await owner.query(
  `insert into matters (id, firm_id, client_id, matter_number, description, responsible_partner,
    practice_area, billing_arrangement, currency, payment_terms_days, opened_on)
  select gen_random_uuid(), firm_id, id, 'R-' || id, 'Receivables', 'Ada', 'Litigation', 'HOURLY', 'USD', 30, '2020-01-01'
  from clients where firm_id = $1::uuid and display_name like 'Client %'`,
  [firm],
);
await owner.query(
  `with m as (select id, client_id, firm_id, row_number() over (order by id) - 1 as k
             from matters where firm_id = $1::uuid and matter_number like 'R-%')
  insert into invoices (id, firm_id, client_id, matter_id, status, invoice_number, period_start, period_end,
    invoice_date, due_date, payment_terms_days, currency, tax_rate_ppm, total_minor, paid_minor, issued_at)
  select gen_random_uuid(), m.firm_id, m.client_id, m.id,
    case when n % 4 = 0 then (case when n % 8 = 0 then 'PARTIALLY_PAID' else 'ISSUED' end) else 'PAID' end,
    'R' || lpad(n::text, 8, '0'), d - 30, d, d, d + 30, 30, 'USD', 0,
    100000 + (n % 997) * 100,
    case when n % 4 = 0 then (case when n % 8 = 0 then 5000 else 0 end) else 100000 + (n % 997) * 100 end,
    now()
  from generate_series(1, $2::int) as n
  cross join lateral (select date '2023-01-01' + (n % 1200) as d) as dates
  join m on m.k = n % 1000`,
  [firm, totalInvoices],
);
await owner.query('vacuum analyze invoices');
const seedSeconds = (performance.now() - seedStarted) / 1000;

const asOf = '2026-04-01';
await receivables(deps, caller, { asOf, first: 100 });
const receivablesMs: number[] = [];
let openCount = 0;
for (let run = 0; run < 7; run += 1) {
  const started = performance.now();
  const result = await receivables(deps, caller, { asOf, first: 100 });
  receivablesMs.push(performance.now() - started);
  openCount = result.totals.reduce((sum, total) => sum + total.count, 0);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const figures = {
  bench: 'billing',
  ingestBatchedEntriesPerSecond: batched,
  ingestSingleEntriesPerSecond: single,
  draft10kMedianMs: Math.round(median(draftMs)),
  draft10kRunsMs: draftMs.map(Math.round),
  receivablesInvoices: totalInvoices,
  receivablesOpenInvoices: openCount,
  receivablesMedianMs: Math.round(median(receivablesMs)),
  receivablesMaxMs: Math.round(Math.max(...receivablesMs)),
  seedSeconds: Math.round(seedSeconds),
};
console.log(
  `time-entry ingest, batches of ${BATCH}, ${WRITERS} writers: ${batched.toLocaleString('en')} entries/s (target 5,000)`,
);
console.log(
  `time-entry ingest, one per transaction, ${WRITERS} writers: ${single.toLocaleString('en')} entries/s`,
);
console.log(
  `draft invoice of 10,000 entries: median ${ms(median(draftMs))} (${draftMs.map(ms).join(', ')}; target < 1 s)`,
);
console.log(
  `receivables over ${totalInvoices.toLocaleString('en')} invoices (${openCount.toLocaleString('en')} open), first page of 100 + totals: median ${ms(median(receivablesMs))}, max ${ms(Math.max(...receivablesMs))} (target < 500 ms)`,
);
console.log(JSON.stringify(figures));

await database.close();
await template.drop();
