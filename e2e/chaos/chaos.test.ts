/**
 * The fault suite's short run (issue 17): the whole platform as real processes, firms working
 * through the gateway while a seeded schedule kills, stops and partitions it, then the checks of
 * every invariant across services; and, for each check, a planted violation it must catch.
 * `pnpm chaos --seed N --minutes M` runs the same for longer (e2e/chaos/README.md).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { checks, type Check } from './checks';
import { faultKinds } from './faults/schedule';
import { runChaos, type ChaosSummary } from './run';
import { startChaosPlatform, type ChaosPlatform } from './support/platform';
import type { Receipt } from './support/receiver';

/**
 * The short run's seeds, one after the other on the same platform: each gives one round of every
 * fault kind, in its own order and at its own points, within 45 s of load.
 */
const seeds = [1, 2];

let platform: ChaosPlatform;
let summary: ChaosSummary;

beforeAll(async () => {
  platform = await startChaosPlatform();
}, 600_000);

afterAll(async () => {
  await platform?.close();
}, 120_000);

it.each(seeds)(
  'keeps every invariant through one round of every fault (seed %i)',
  async (seed) => {
    summary = await runChaos(platform, {
      seed,
      loadMs: 45_000,
      firms: 4,
      faultEveryMs: 5_000,
      consumerStopMs: 10_000,
      settleWithinMs: 240_000,
      log: (line) => process.stdout.write(`chaos: ${line}\n`),
    });
    process.stdout.write(`${summary.report}\n`);
    expect(new Set(summary.faults.map((fault) => fault.kind))).toEqual(new Set(faultKinds));
    if (!summary.passed)
      throw new Error(`chaos run failed (logs in ${platform.logDir}):\n${summary.report}`);
    expect(summary.requests.acknowledged).toBeGreaterThan(50);
  },
  1_200_000,
);

describe('each check fails on a planted violation', () => {
  const check = (name: string): Check =>
    checks.find((candidate) => candidate.name.startsWith(name))!;
  const failuresOf = async (name: string) => (await check(name).run(summary.context)).failures;
  const owner = (service: keyof ChaosPlatform['databases']) => platform.databases[service].owner.db;

  beforeAll(() => {
    if (!summary) throw new Error('the runs above did not finish: nothing to plant into');
  });

  it('a doubled payment row', async () => {
    const [payment] = (
      await sql<{
        id: string;
      }>`insert into payments (id, firm_id, client_id, method, amount_minor, unapplied_minor, currency, received_on, reference)
        select gen_random_uuid(), firm_id, client_id, method, amount_minor, amount_minor, currency, received_on, reference
          from payments where method = 'CARD' limit 1 returning id::text`.execute(owner('billing'))
    ).rows;
    expect(await failuresOf('acknowledged')).toContainEqual(
      expect.stringMatching(/billing has 2 payments for key/),
    );
    await sql`delete from payments where id = ${payment!.id}::uuid`.execute(owner('billing'));
  }, 300_000);

  it('a key whose first answer was lost', async () => {
    const payment = summary.context.ledger.acknowledged.find(
      (ack) => ack.operation === 'recordPayment',
    )!;
    await sql`delete from idempotency_keys where idempotency_key = ${payment.idempotencyKey!}`.execute(
      owner('billing'),
    );
    expect(await failuresOf('a repeated key')).toContainEqual(
      expect.stringContaining(`key ${payment.idempotencyKey} first answered ${payment.id}`),
    );
  }, 300_000);

  it('a ledger whose balance drifted from its journal', async () => {
    await sql`update ledgers set balance_minor = balance_minor + 1 where id = (select min(id::text)::uuid from ledgers)`.execute(
      owner('trust-accounting'),
    );
    expect(await failuresOf('trust ledgers')).toContainEqual(
      expect.stringMatching(/its journal entries sum to/),
    );
    await sql`update ledgers set balance_minor = balance_minor - 1 where id = (select min(id::text)::uuid from ledgers)`.execute(
      owner('trust-accounting'),
    );
  });

  it('a journal entry altered after it was chained', async () => {
    await owner('trust-accounting')
      .transaction()
      .execute(async (tx) => {
        // The journal is append-only: only a superuser skipping triggers can alter it.
        await sql`set local session_replication_role = replica`.execute(tx);
        await sql`update journal_entries set description = description || ' (altered)'
                 where id = (select id from journal_entries where firm_id = ${summary.context.firms[0]!.id}::uuid
                             order by recorded_at limit 1)`.execute(tx);
      });
    expect(await failuresOf('trust hash chain')).toHaveLength(1);
  });

  it('a TRUST payment without its transfer', async () => {
    const [payment] = (
      await sql<{
        id: string;
      }>`insert into payments (id, firm_id, client_id, method, amount_minor, unapplied_minor, currency, received_on, reference)
        select gen_random_uuid(), firm_id, id, 'TRUST', 100, 100, currency, current_date, ${`trust transfer ${randomUUID()}`}
          from clients limit 1 returning id::text`.execute(owner('billing'))
    ).rows;
    expect(await failuresOf('every transfer')).toContainEqual(
      expect.stringMatching(/which trust does not have/),
    );
    await sql`delete from payments where id = ${payment!.id}::uuid`.execute(owner('billing'));
  });

  it('an invoice whose paid amount is not its allocations', async () => {
    // An invoice with something open: one fully paid cannot take a cent more (its check).
    const [invoice] = (
      await sql<{
        id: string;
      }>`select id::text from invoices where status <> 'DRAFT' and open_minor > 0 order by id limit 1`.execute(
        owner('billing'),
      )
    ).rows;
    const bump = (by: number) =>
      sql`update invoices set paid_minor = paid_minor + ${by} where id = ${invoice!.id}::uuid`.execute(
        owner('billing'),
      );
    await bump(1);
    expect(await failuresOf('invoice open')).toHaveLength(1);
    await bump(-1);
  });

  it('a drifted replica in trust and in collections', async () => {
    const bump = (service: 'trust-accounting' | 'collections', column: string, by: number) =>
      sql`update invoices set ${sql.ref(column)} = ${sql.ref(column)} + ${by} where invoice_id = (select min(invoice_id::text)::uuid from invoices)`.execute(
        owner(service),
      );
    await bump('trust-accounting', 'billing_open_minor', 1);
    expect(await failuresOf('trust replicas')).toContainEqual(
      expect.stringMatching(/trust's replica/),
    );
    await bump('trust-accounting', 'billing_open_minor', -1);
    await bump('collections', 'open_minor', 1);
    expect(await failuresOf('collections')).toContainEqual(expect.stringMatching(/collections/));
    await bump('collections', 'open_minor', -1);
  });

  it('a credit breach billing never heard of', async () => {
    const breachId = randomUUID();
    await sql`insert into credit_breaches (firm_id, breach_id, client_id, currency, cause, breached_at)
              values (${summary.context.firms[0]!.id}::uuid, ${breachId}::uuid, ${randomUUID()}::uuid, 'USD', 'OVER_LIMIT', now())`.execute(
      owner('credit-assessment'),
    );
    expect(await failuresOf('credit')).toContainEqual(expect.stringContaining(breachId));
    await sql`delete from credit_breaches where breach_id = ${breachId}::uuid`.execute(
      owner('credit-assessment'),
    );
  });

  it('a missing webhook', async () => {
    const receipts = summary.context.firms
      .map((firm) => summary.context.receiver.receipts(firm.id) as Map<string, Receipt>)
      .find((firm) => firm.size > 0)!;
    const [eventId, receipt] = [...receipts][0]!;
    receipts.delete(eventId);
    expect(await failuresOf('every subscribed')).toContainEqual(expect.stringContaining(eventId));
    receipts.set(eventId, receipt);
  });

  it('a job failed for good', async () => {
    const redis = new Redis(platform.redis.url);
    await redis.zadd('lexfin:planted:failed', 1, 'planted-job');
    expect(await failuresOf('nothing stuck')).toContainEqual(
      expect.stringMatching(/failed for good/),
    );
    await redis.del('lexfin:planted:failed');
    redis.disconnect();
  });
});
