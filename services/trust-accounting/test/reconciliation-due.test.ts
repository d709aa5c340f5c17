import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '@lexfin/platform';
import { redisUrl, uniqueRedisPrefix, waitUntil } from '@lexfin/testing';
import { overdueMonthEnd } from '../src/domain/reconciliation/due';
import {
  startReconciliationDueJobs,
  SWEEP,
  type ReconciliationDueJobs,
} from '../src/jobs/reconciliation-due';
import { startTrustHarness, type TrustHarness } from './harness';
import { dataOf, openAccount } from './operations';
import { SIGN_OFF, startReconciliation } from './reconciliation-operations';

let harness: TrustHarness;
let connection: Redis;
let jobs: ReconciliationDueJobs;
const firmId = randomUUID();
// Two months on, last month's end is past its ten days whatever today is.
const today = new Date(Date.now() + 62 * 86_400_000);
const { periodEnd } = overdueMonthEnd(today.toISOString().slice(0, 10));

beforeAll(async () => {
  harness = await startTrustHarness();
  connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  jobs = await startReconciliationDueJobs({
    db: harness.database.app.db,
    connection,
    logger: createLogger({ service: 'trust-test', level: 'silent' }),
    prefix: uniqueRedisPrefix(),
    clock: () => today,
  });
});

afterAll(async () => {
  await jobs.close();
  connection.disconnect();
  await harness.close();
});

async function dueEvents(): Promise<{ trustAccountId: string; periodEnd: string }[]> {
  const rows = await harness.database.owner.db
    .selectFrom('outbox')
    .select('payload')
    .where('firm_id', '=', firmId)
    .where('event_type', '=', 'lexfin.trust.reconciliation.due.v1')
    .execute();
  return rows.map(
    (row) =>
      (JSON.parse(row.payload) as { data: { trustAccountId: string; periodEnd: string } }).data,
  );
}

describe('overdueMonthEnd', () => {
  it('is the last month end whose ten days have passed', () => {
    expect(overdueMonthEnd('2026-04-11')).toEqual({ periodEnd: '2026-03-31', dueBy: '2026-04-10' });
    expect(overdueMonthEnd('2026-04-10')).toEqual({ periodEnd: '2026-02-28', dueBy: '2026-03-10' });
    expect(overdueMonthEnd('2026-01-15')).toEqual({ periodEnd: '2025-12-31', dueBy: '2026-01-10' });
  });
});

it('reports each unreconciled account once per overdue month end, and not a signed-off one', async () => {
  const accountant = await harness.as(firmId, ['trust_accountant']);
  const late = await openAccount(accountant);
  const reconciled = await openAccount(accountant);
  const started = await startReconciliation(accountant, reconciled, periodEnd, '0.00');
  const partner = await harness.as(firmId, ['partner']);
  dataOf(
    await partner.request(SIGN_OFF, {
      key: randomUUID(),
      id: dataOf<{ id: string }>(started, 'startTrustReconciliation').id,
    }),
    'signOffTrustReconciliation',
  );

  await jobs.queue.add(SWEEP, {});
  await waitUntil(async () => (await dueEvents()).length > 0, 20_000);
  await jobs.queue.add(SWEEP, {});
  await waitUntil(async () => (await jobs.queue.getCompletedCount()) >= 4, 20_000);
  expect(await dueEvents()).toEqual([
    { trustAccountId: late, periodEnd, dueBy: expect.any(String), lockedThrough: null },
  ]);
});
