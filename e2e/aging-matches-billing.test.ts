/**
 * Collections' aging as of past dates is what billing's own receivables said on those dates. The
 * firm lives through a season of billing through the gateway (invoices issued on past dates,
 * partial payments, a credit note and a write-off); collections learns it only from billing's
 * events on the broker. Billing's receivables show the books as they stand (open invoices, their
 * open amounts now, days past due on the date asked), so the test asks billing after each step,
 * for a date before the next step: what billing said on that date. Bucketed by matter here, each
 * must equal collections' `arAging(asOf, groupBy: MATTER)` asked afterwards, once for all dates.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { graphqlClient, mintToken, waitUntil, type GraphQLClient } from '@lexfin/testing';
import { ok, partnerAndPracticeArea } from './support/firm-setup';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let gatewayUrl: string;

beforeAll(async () => {
  platform = await startPlatform();
  gatewayUrl = `${platform.gatewayUrl}/graphql`;
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

const asCaller = async (firmId: string, roles: Role[]) =>
  graphqlClient(gatewayUrl, await mintToken({ firmId, roles }));

const usd = (amount: string) => ({ amount, currency: 'USD' });
const BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'days91to120', 'over120'];
type Aging = Record<string, Record<string, string>>;

/** DOMAIN.md's buckets by days past due. */
function bucketOf(daysPastDue: number): string {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1to30';
  if (daysPastDue <= 60) return 'days31to60';
  if (daysPastDue <= 90) return 'days61to90';
  if (daysPastDue <= 120) return 'days91to120';
  return 'over120';
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));
const decimal = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;

interface Receivable {
  invoice: { matter: { id: string } };
  openAmount: { amount: string };
  daysPastDue: number;
}

/** Billing's receivables as of a date, bucketed by matter here. */
async function billingAging(reader: GraphQLClient, clientId: string, asOf: string) {
  const { receivables } = await ok<{ receivables: { items: Receivable[]; hasMore: boolean } }>(
    reader,
    `query($asOf: String!, $c: ID!) { receivables(asOf: $asOf, clientId: $c, first: 100) {
       hasMore items { invoice { matter { id } } openAmount { amount } daysPastDue } } }`,
    { asOf, c: clientId },
  );
  expect(receivables.hasMore).toBe(false);
  const byMatter = new Map<string, Map<string, bigint>>();
  for (const item of receivables.items) {
    const open = cents(item.openAmount.amount);
    if (open === 0n) continue;
    const buckets = byMatter.get(item.invoice.matter.id) ?? new Map<string, bigint>();
    const bucket = bucketOf(item.daysPastDue);
    buckets.set(bucket, (buckets.get(bucket) ?? 0n) + open);
    byMatter.set(item.invoice.matter.id, buckets);
  }
  const aging: Aging = {};
  for (const [matterId, buckets] of byMatter) {
    aging[matterId] = Object.fromEntries(
      BUCKETS.map((bucket) => [bucket, decimal(buckets.get(bucket) ?? 0n)]),
    );
  }
  return aging;
}

/** Collections' aging by matter as of a date, rows with nothing open left out. */
async function collectionsAging(reader: GraphQLClient, asOf: string) {
  const { arAging } = await ok<{
    arAging: { rows: (Record<string, { amount: string }> & { groupId: string })[] };
  }>(
    reader,
    `query($asOf: String!) { arAging(asOf: $asOf, groupBy: MATTER) { rows { groupId
       current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount }
       days91to120 { amount } over120 { amount } total { amount } } } }`,
    { asOf },
  );
  const aging: Aging = {};
  for (const row of arAging.rows) {
    if (cents(row.total!.amount) === 0n) continue;
    aging[row.groupId] = Object.fromEntries(
      BUCKETS.map((bucket) => [bucket, decimal(cents(row[bucket]!.amount))]),
    );
  }
  return aging;
}

it("gives, as of past dates, the aging billing's own receivables gave on those dates", async () => {
  const firmId = randomUUID();
  const admin = await asCaller(firmId, ['firm_admin']);
  const staff = await asCaller(firmId, ['billing_clerk', 'partner', 'collections_agent']);
  const { timekeeperId, practiceAreaId } = await partnerAndPracticeArea(
    admin,
    'Okafor, Ada',
    'Employment',
  );
  const { createClient } = await ok(
    staff,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
    {
      input: {
        displayName: 'Larkspur Dental Group',
        kind: 'ORGANISATION',
        timeZone: 'America/Chicago',
        currency: 'USD',
      },
    },
  );
  const clientId = createClient.id as string;
  const openMatter = async () =>
    (
      await ok(staff, `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`, {
        input: {
          clientId,
          matterNumber: `M-${randomUUID().slice(0, 8)}`,
          description: 'Employment advice',
          responsiblePartnerId: timekeeperId,
          practiceAreaId: practiceAreaId,
          billingArrangement: 'HOURLY',
          paymentTermsDays: 30,
        },
      })
    ).openMatter.id as string;
  const advice = await openMatter();
  const tribunal = await openMatter();

  /** Work in a month, invoiced on a date: returns the invoice id. */
  async function bill(matterId: string, hours: string, month: string, invoiceDate: string) {
    await ok(staff, `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`, {
      input: {
        matterId,
        timekeeperId,
        workDate: `${month}-04`,
        hours,
        taskCode: 'L110',
        activityCode: 'A101',
        narrative: 'Advice on contracts',
      },
    });
    const draft = await ok(
      staff,
      `mutation($m: ID!, $from: String!, $to: String!) {
         generateDraftInvoice(matterId: $m, periodStart: $from, periodEnd: $to) { id } }`,
      { m: matterId, from: `${month}-01`, to: `${month}-28` },
    );
    const invoiceId = draft.generateDraftInvoice.id as string;
    await ok(
      staff,
      `mutation($id: ID!, $d: String!, $k: String!) {
         issueInvoice(invoiceId: $id, invoiceDate: $d, idempotencyKey: $k) { id } }`,
      { id: invoiceId, d: invoiceDate, k: `issue-${invoiceId}` },
    );
    return invoiceId;
  }
  const pay = (amount: string, receivedOn: string) =>
    ok(
      staff,
      `mutation($input: RecordPaymentInput!, $k: String!) {
         recordPayment(input: $input, idempotencyKey: $k) { id } }`,
      { input: { clientId, method: 'ACH', amount: usd(amount), receivedOn }, k: randomUUID() },
    );

  const said: { asOf: string; aging: Aging }[] = [];
  const billingSays = async (...dates: string[]) => {
    for (const asOf of dates) said.push({ asOf, aging: await billingAging(staff, clientId, asOf) });
  };

  await billingSays('2026-03-31');
  // 600.00 due 2026-05-01; 900.00 due 2026-07-01 (net 30).
  await bill(advice, '2.0', '2026-03', '2026-04-01');
  await billingSays('2026-04-15', '2026-05-20');
  const tribunalInvoice = await bill(tribunal, '3.0', '2026-05', '2026-06-01');
  await billingSays('2026-06-10');
  // Applied oldest due first: 250.00 then 350.00 settle the advice invoice.
  await pay('250.00', '2026-06-15');
  await billingSays('2026-06-30');
  await pay('350.00', '2026-08-10');
  await billingSays('2026-09-15');
  // Dated today by billing's clock: 900.00 - 100.00 - 50.00 = 750.00 open now.
  await ok(
    staff,
    `mutation($id: ID!) { createCreditNote(invoiceId: $id, amount: { amount: "100.00", currency: "USD" },
       reason: "Courtesy discount", idempotencyKey: "credit-1") { creditNoteId } }`,
    { id: tribunalInvoice },
  );
  await ok(
    staff,
    `mutation($id: ID!) { writeOffInvoice(invoiceId: $id, amount: { amount: "50.00", currency: "USD" },
       reason: "Disputed travel time", idempotencyKey: "write-off-1") { id } }`,
    { id: tribunalInvoice },
  );
  const today = new Date().toISOString().slice(0, 10);
  await billingSays(today);

  // Collections has caught up once today's aging agrees; then every earlier date must agree too.
  await waitUntil(
    async () =>
      JSON.stringify(await collectionsAging(staff, today)) === JSON.stringify(said.at(-1)!.aging),
    60_000,
  );
  for (const { asOf, aging } of said) {
    expect({ asOf, aging: await collectionsAging(staff, asOf) }).toEqual({ asOf, aging });
  }
  // The hand-worked picture on two of those dates, so agreement is not agreement on nothing.
  expect(await collectionsAging(staff, '2026-06-30')).toMatchObject({
    [advice]: { days31to60: '350.00' },
    [tribunal]: { current: '900.00' },
  });
  expect(await collectionsAging(staff, '2026-09-15')).toEqual({
    [tribunal]: {
      current: '0.00',
      days1to30: '0.00',
      days31to60: '0.00',
      days61to90: '900.00',
      days91to120: '0.00',
      over120: '0.00',
    },
  });
}, 240_000);
