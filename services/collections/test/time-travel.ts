import { randomUUID } from 'node:crypto';
import { startSmtpServer, type GraphQLClient, type TestSmtpServer } from '@lexfin/testing';
import { addDays } from '../src/domain/calendar';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

/** What the time-travel tests share: a firm in New York, mornings, amounts, requests. */

export interface TimeTravel {
  firmId: string;
  harness: CollectionsHarness;
  smtp: TestSmtpServer;
}

/**
 * For a test file: the service with a local SMTP server, its clock at `start`, and a firm in New
 * York; started before the file's tests, closed after them.
 */
export function timeTravel(start: string): TimeTravel {
  const world = { firmId: randomUUID() } as TimeTravel;
  beforeAll(async () => {
    world.smtp = await startSmtpServer();
    world.harness = await startCollectionsHarness({ smtpUrl: world.smtp.url, start });
    await world.harness.seed(world.firmId, [new BillingFacts(world.firmId).firmSettings()]);
  });
  afterAll(async () => {
    await world.harness?.close();
    await world.smtp?.close();
  });
  return world;
}

/** 10:00 in New York. */
export const tenAm = (date: string) => new Date(`${date}T15:00:00Z`);

export const usd = (amount: string) => ({ amount, currency: 'USD' });

/** The "Total open" a message states. */
export const totalOf = (text: string) => /Total open:\s+(.+)/.exec(text)?.[1]?.trim();

export async function ok<T>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
) {
  const response = await client.request<T>(query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

/** The client's latest case. */
export async function caseOf(harness: CollectionsHarness, firmId: string, clientId: string) {
  const found = await harness.database.owner.db
    .selectFrom('collection_cases')
    .select('id')
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .orderBy('opened_at', 'desc')
    .executeTakeFirstOrThrow();
  return found.id;
}

/** A client with an email address and one invoice of `total`, issued 5 January, due 4 February. */
export async function clientWithInvoice(
  harness: CollectionsHarness,
  firmId: string,
  total: string,
  extra: (facts: BillingFacts) => Parameters<CollectionsHarness['seed']>[1] = () => [],
) {
  const email = `tt-${randomUUID().slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const invoice = facts.invoice(total, '2026-01-05', '2026-02-04');
  await harness.seed(firmId, [facts.client(), facts.matter(), ...extra(facts), invoice.event]);
  return { facts, invoice, invoiceId: invoice.invoiceId, email };
}

/**
 * Every morning at 10:00 from `from` for `days` more days: the day's happenings, then the sweep
 * the job scheduler would run.
 */
export async function everyMorning(
  harness: CollectionsHarness,
  from: string,
  days: number,
  happenings: Record<string, () => Promise<unknown>>,
) {
  for (let day = 0; day <= days; day += 1) {
    const date = addDays(from, day);
    harness.clock.set(tenAm(date));
    await happenings[date]?.();
    await harness.sweep();
  }
}
