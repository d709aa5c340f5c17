import { randomUUID } from 'node:crypto';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
const firmId = randomUUID();
const avery = new BillingFacts(firmId);

// One invoice due on each edge of the buckets as of 30 June 2026 (days past due, amount):
// 0 -> 1.00 current; 1 -> 2.00 and 30 -> 4.00 in 1-30; 31 -> 8.00 and 60 -> 16.00 in 31-60;
// 61 -> 32.00 and 90 -> 64.00 in 61-90; 91 -> 128.00 and 120 -> 256.00 in 91-120;
// 121 -> 512.00 over 120.
const dues = [
  ['2026-06-30', '1.00'],
  ['2026-06-29', '2.00'],
  ['2026-05-31', '4.00'],
  ['2026-05-30', '8.00'],
  ['2026-05-01', '16.00'],
  ['2026-04-30', '32.00'],
  ['2026-04-01', '64.00'],
  ['2026-03-31', '128.00'],
  ['2026-03-02', '256.00'],
  ['2026-03-01', '512.00'],
] as const;

beforeAll(async () => {
  harness = await startCollectionsHarness();
  await harness.seed(firmId, [
    avery.firmSettings(),
    avery.client(),
    avery.matter(),
    ...dues.map(([due, amount]) => avery.invoice(amount, '2026-01-02', due).event),
  ]);
});

afterAll(() => harness.close());

it('puts each day past due in its bucket, edges included', async () => {
  const agent = await harness.as(firmId, ['collections_agent']);
  const response = await agent.request(
    `query { arAging(asOf: "2026-06-30", groupBy: FIRM) { rows {
      current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount }
      days91to120 { amount } over120 { amount } total { amount currency } } } }`,
  );
  expect(response.errors).toBeUndefined();
  expect((response.data as { arAging: { rows: unknown[] } }).arAging.rows).toEqual([
    {
      current: { amount: '1.00' },
      days1to30: { amount: '6.00' },
      days31to60: { amount: '24.00' },
      days61to90: { amount: '96.00' },
      days91to120: { amount: '384.00' },
      over120: { amount: '512.00' },
      total: { amount: '1023.00', currency: 'USD' },
    },
  ]);
});
