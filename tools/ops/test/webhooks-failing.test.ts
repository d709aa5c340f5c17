import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import type { WebhooksDatabase } from '../../../services/webhooks/src/db/schema';
import { webhooksService } from '../../../services/webhooks/src/service';
import { runOps } from './run-ops';

let database: TestDatabase<WebhooksDatabase>;
const firmId = randomUUID();
const failingId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase<WebhooksDatabase>({
    label: 'webhooks',
    migrations: webhooksService.database!.migrations,
    appendOnlyTables: webhooksService.database!.appendOnlyTables,
  });
  const endpoint = (id: string, failingSince: Date | null) => ({
    firm_id: firmId,
    id,
    url: `https://pms.example/${id}`,
    description: '',
    event_types: ['*'],
    status: 'ENABLED' as const,
    signing_secret_sealed: 'sealed',
    created_by: 'test',
    failing_since: failingSince,
  });
  await database.owner.db
    .insertInto('webhook_endpoints')
    .values([endpoint(failingId, new Date('2026-12-01T08:00:00Z')), endpoint(randomUUID(), null)])
    .execute();
  await database.owner.db
    .insertInto('webhook_deliveries')
    .values({
      firm_id: firmId,
      id: randomUUID(),
      endpoint_id: failingId,
      event_id: randomUUID(),
      event_type: 'lexfin.billing.client.created.v1',
      payload: '{}',
      status: 'PENDING',
      response_code: 503,
      last_error: 'receiver answered 503',
      last_attempt_at: new Date('2026-12-01T09:00:00Z'),
    })
    .execute();
});

afterAll(async () => {
  await database.drop();
});

it('lists the failing endpoint with its last answer and error, not the healthy one', async () => {
  const run = await runOps(['webhooks', 'failing', '--json'], {
    WEBHOOKS_DATABASE_URL: database.ownerUrl,
  });
  expect(run.code).toBe(0);
  expect(run.json()).toEqual([
    {
      firmId,
      endpointId: failingId,
      url: `https://pms.example/${failingId}`,
      status: 'ENABLED',
      disabledReason: null,
      failingSince: '2026-12-01T08:00:00.000Z',
      lastAttemptAt: '2026-12-01T09:00:00.000Z',
      lastResponseCode: 503,
      lastError: 'receiver answered 503',
    },
  ]);
});

it('as the app role, asks for a firm and then shows that firm only', async () => {
  const env = { WEBHOOKS_DATABASE_URL: database.appUrl };
  const refused = await runOps(['webhooks', 'failing'], env);
  expect(refused.code).toBe(2);
  expect(refused.lines[0]).toContain('pass --firm <id>');

  const mine = await runOps(['webhooks', 'failing', '--firm', firmId], env);
  expect(mine.lines).toHaveLength(2);
  expect(mine.lines[1]).toContain('receiver answered 503');
  const other = await runOps(['webhooks', 'failing', '--firm', randomUUID()], env);
  expect(other.lines).toHaveLength(1);
});
