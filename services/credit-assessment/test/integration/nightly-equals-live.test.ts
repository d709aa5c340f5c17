import { randomUUID } from 'node:crypto';
import { inFirmTransaction } from '@lexfin/persistence';
import { systemCaller } from '@lexfin/service-kit';
import { rescoreFirm } from '../../src/app/profile/rescore-firm';
import { startCreditHarness, type CreditHarness } from '../harness';
import { goodPayer } from '../support/good-payer';

let harness: CreditHarness;

beforeAll(async () => {
  harness = await startCreditHarness();
});

afterAll(() => harness.close());

/** What the live path and the nightly both store for a firm's clients, but the assessment time. */
const stored = (firmId: string) =>
  inFirmTransaction(harness.deps.db, firmId, async (tx) => ({
    profiles: await tx
      .selectFrom('client_profiles')
      .select([
        'client_id',
        'as_of',
        'policy_version',
        'thin_file',
        'score',
        'grade',
        'payment_index',
        'features',
        'assessment',
      ])
      .orderBy('client_id')
      .execute(),
    clients: await tx
      .selectFrom('client_exposures')
      .selectAll()
      .orderBy('client_id')
      .orderBy('currency')
      .execute(),
    matters: await tx.selectFrom('matter_exposures').selectAll().orderBy('matter_id').execute(),
    breaches: await tx
      .selectFrom('credit_breaches')
      .select(['breach_id', 'client_id', 'currency', 'cause', 'restored_at'])
      .orderBy('breach_id')
      .execute(),
    outbox: await tx.selectFrom('outbox').select('event_id').orderBy('id').execute(),
  }));

it('stores for every client what the live path stored for the same facts, and publishes nothing new', async () => {
  const firmId = randomUUID();
  const payers = [goodPayer(firmId), goodPayer(firmId), goodPayer(firmId)];
  const [late] = payers;
  await harness.deliver([
    ...payers.flatMap((payer) => payer.events),
    // one client with work in progress, an overdue invoice and money in trust
    late!.stream.timeEntry('750.00', '2026-06-02'),
    late!.stream.invoiceIssued({
      total: '9000.00',
      invoiceDate: '2026-04-11',
      dueDate: '2026-05-11',
    }),
    late!.stream.deposit('1200.00', '2026-06-03'),
  ]);
  const live = await stored(firmId);
  expect(live.profiles).toHaveLength(3);
  expect(live.outbox.length).toBeGreaterThan(0);

  const caller = systemCaller({ firmId, work: 'nightly-rescore', correlationId: randomUUID() });
  expect(await rescoreFirm(harness.deps, caller, { batchSize: 2 })).toMatchObject({
    clients: 3,
    gradeChanges: 0,
    breaches: 0,
    restores: 0,
  });
  expect(await stored(firmId)).toEqual(live);
});
