import { randomUUID } from 'node:crypto';
import { billingEvents, createEvent, type EventEnvelope } from '@lexfin/contracts';
import { inFirmTransaction } from '@lexfin/persistence';
import { sql, type Kysely } from 'kysely';
import { recordMovements } from '../src/app/open-amounts';
import {
  firmKpiFactsByDay,
  kpiFactsByRow,
  type KpiDates,
  type KpiFacts,
} from '../src/app/receivables/kpi-facts';
import { fillReceivablesByDay } from '../src/db/migrations/0131-receivables-by-day';
import type { CollectionsDatabase } from '../src/db/schema';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
const firmId = randomUUID();
const avery = new BillingFacts(firmId);
const blake = new BillingFacts(firmId);

/** The same event in euros: the replica keeps each currency apart. */
function inEuros(event: EventEnvelope<unknown>): EventEnvelope<unknown> {
  return JSON.parse(JSON.stringify(event).replaceAll('"USD"', '"EUR"')) as EventEnvelope<unknown>;
}

// USD: A1 1,000.00 (5 Jan) paid 400.00 on 20 Feb, that payment reversed back-dated to 25 Feb,
// credit note 100.00 on 5 Mar (900.00 open), 300.00 written off on 20 Apr; A2 2,000.00 (10 Feb) voided 15 Mar;
// B1 3,000.00 (1 Mar) paid in full 10 Apr, the payment delivered twice.
// EUR: E1 800.00 (20 Jan) paid 250.00 on 3 Mar.
const a1 = avery.invoice('1000.00', '2026-01-05', '2026-02-04');
const a2 = avery.invoice('2000.00', '2026-02-10', '2026-03-12');
const b1 = blake.invoice('3000.00', '2026-03-01', '2026-03-31');
const e1 = avery.invoice('800.00', '2026-01-20', '2026-02-19');
const a1PaymentId = randomUUID();
const b1Payment = blake.payment(b1.invoiceId, '3000.00', '2026-04-10');

beforeAll(async () => {
  harness = await startCollectionsHarness();
  await harness.seed(firmId, [
    avery.firmSettings(),
    avery.client(),
    avery.matter(),
    blake.client(),
    blake.matter(),
    a1.event,
    a2.event,
    b1.event,
    inEuros(e1.event),
    avery.payment(a1.invoiceId, '400.00', '2026-02-20', a1PaymentId),
    inEuros(avery.payment(e1.invoiceId, '250.00', '2026-03-03')),
    avery.creditNote(a1.invoiceId, '100.00', '900.00', '2026-03-05'),
    createEvent(billingEvents.invoiceVoided, {
      firmId,
      subject: a2.invoiceId,
      correlationId: randomUUID(),
      data: {
        invoiceId: a2.invoiceId,
        invoiceNumber: a2.invoiceNumber,
        clientId: avery.clientId,
        matterId: avery.matterId,
        total: { amount: '2000.00', currency: 'USD' },
        reason: 'Billed in error',
        voidedOn: '2026-03-15',
      },
    }) as EventEnvelope<unknown>,
    b1Payment,
    b1Payment,
    avery.paymentReversed(a1.invoiceId, '400.00', '2026-02-25', a1PaymentId),
    avery.writeOff(a1.invoiceId, '300.00', '600.00', '2026-04-20'),
  ]);
});

afterAll(() => harness.close());

type DayRow = { currency: string; on_date: string; billed: string; collected: string; ar: string };

async function days(
  db: Kysely<CollectionsDatabase> = harness.database.owner.db,
  firm = firmId,
): Promise<DayRow[]> {
  // a day's rows add up (migration 0132)
  const { rows } = await sql<DayRow>`select currency, on_date::text as on_date,
      sum(billed_minor)::text as billed, sum(collected_minor)::text as collected,
      sum(ar_change_minor)::text as ar
    from receivables_by_day where firm_id = ${firm}::uuid
    group by currency, on_date
    having (sum(billed_minor), sum(collected_minor), sum(ar_change_minor)) <> (0, 0, 0)
    order by currency, on_date`.execute(db);
  return rows;
}

describe('the day totals the replica keeps', () => {
  it('equal the totals filled from the invoices, movements and ranges afresh', async () => {
    const kept = await days();
    const rollBack = new Error('roll back');
    let refilled: DayRow[] = [];
    // filled afresh in a transaction rolled back: the replica's own rows stay for the other tests
    await harness.database.owner.db
      .transaction()
      .execute(async (tx) => {
        await sql`delete from receivables_by_day`.execute(tx);
        await fillReceivablesByDay(tx);
        refilled = await days(tx);
        throw rollBack;
      })
      .catch((error: unknown) => {
        if (error !== rollBack) throw error;
      });
    expect(refilled).toEqual(kept);
    expect(await days()).toEqual(kept);
  });

  it('count a redelivered payment once, a back-dated reversal on its day, each currency apart', async () => {
    expect(await days()).toEqual([
      // E1 issued 800.00, 250.00 paid on 3 March
      { currency: 'EUR', on_date: '2026-01-20', billed: '80000', collected: '0', ar: '80000' },
      { currency: 'EUR', on_date: '2026-03-03', billed: '0', collected: '25000', ar: '-25000' },
      { currency: 'USD', on_date: '2026-01-05', billed: '100000', collected: '0', ar: '100000' },
      { currency: 'USD', on_date: '2026-02-10', billed: '200000', collected: '0', ar: '200000' },
      // the payment of 20 February was reversed on 25 February: AR back up then
      { currency: 'USD', on_date: '2026-02-20', billed: '0', collected: '40000', ar: '-40000' },
      { currency: 'USD', on_date: '2026-02-25', billed: '0', collected: '-40000', ar: '40000' },
      { currency: 'USD', on_date: '2026-03-01', billed: '300000', collected: '0', ar: '300000' },
      // a credit note leaves AR without being collected (nor un-billed)
      { currency: 'USD', on_date: '2026-03-05', billed: '0', collected: '0', ar: '-10000' },
      { currency: 'USD', on_date: '2026-03-15', billed: '0', collected: '0', ar: '-200000' },
      { currency: 'USD', on_date: '2026-04-10', billed: '0', collected: '300000', ar: '-300000' },
      { currency: 'USD', on_date: '2026-04-20', billed: '0', collected: '0', ar: '-30000' },
    ]);
  });
});

describe('two transactions adding to the same day', () => {
  it('neither waits for the other, and the day adds up both', async () => {
    const otherFirm = randomUUID();
    const day = '2026-06-01';
    const issued = (total: bigint) => ({
      invoiceId: randomUUID(),
      sourceId: randomUUID(),
      kind: 'ISSUED' as const,
      onDate: day,
      amountMinor: total,
      currency: 'USD',
    });
    // the day has a row already: the first takes it, the second must not wait for it
    await inFirmTransaction(harness.database.app.db, otherFirm, (tx) =>
      recordMovements(tx, otherFirm, [issued(1000n)]),
    );
    let letFirstCommit = () => {};
    const firstHolds = new Promise<void>((resolve) => (letFirstCommit = resolve));
    let firstAdded = () => {};
    const added = new Promise<void>((resolve) => (firstAdded = resolve));
    const first = inFirmTransaction(harness.database.app.db, otherFirm, async (tx) => {
      await recordMovements(tx, otherFirm, [issued(70000n)]);
      // sends what recordMovements held back for the next statement: the day's row is taken now
      await sql`select 1`.execute(tx);
      firstAdded();
      await firstHolds;
    });
    await added;
    // while the first holds its day's row: a wait for it would end in this timeout
    await inFirmTransaction(harness.database.app.db, otherFirm, async (tx) => {
      await sql`set local lock_timeout = '2s'`.execute(tx);
      await recordMovements(tx, otherFirm, [issued(5000n)]);
    });
    letFirstCommit();
    await first;
    expect((await days(undefined, otherFirm)).find((row) => row.on_date === day)).toEqual({
      currency: 'USD',
      on_date: day,
      billed: '76000',
      collected: '0',
      ar: '0',
    });
  });
});

/** Facts as maps of one value per key (a row the other side lacks counts as zero). */
function flatten(facts: KpiFacts): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const put = (key: string, value: bigint) => {
    if (value !== 0n) out.set(key, value);
  };
  for (const row of facts.opening) put(`opening|${row.currency}`, row.total);
  for (const row of facts.closing) {
    put(`closing|${row.currency}`, row.total);
    put(`current|${row.currency}`, row.current);
  }
  for (const row of facts.arAtMonthEnds) put(`ar|${row.currency}|${row.asOf}`, row.total);
  for (const row of facts.billed) {
    put(`billed|${row.currency}|${row.month}`, row.billed);
    put(`sales|${row.currency}|${row.month}`, row.inPeriod);
    put(`year|${row.currency}|${row.month}`, row.inYear);
  }
  for (const row of facts.collected) put(`collected|${row.currency}|${row.month}`, row.collected);
  return out;
}

describe("the firm's KPI facts from the day totals", () => {
  const periods: KpiDates[] = [
    ['2026-01-01', '2026-03-31'],
    ['2026-02-01', '2026-02-22'],
    ['2026-02-21', '2026-04-30'],
    ['2025-06-01', '2026-12-31'],
  ].map(([from, to]) => ({
    opening: new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    closing: to!,
    monthEnds: monthEndsOf(from!, to!),
    billings: { from: '2024-01-01', to: to!, periodFrom: from!, yearFrom: '2025-04-01' },
    collectedFrom: from!,
  }));

  it.each(periods)('equal those from the rows, $opening to $closing', async (dates) => {
    const [byDay, byRow] = await inFirmTransaction(harness.database.app.db, firmId, async (tx) => [
      await firmKpiFactsByDay(tx, dates),
      await kpiFactsByRow(tx, dates, 'FIRM'),
    ]);
    expect(flatten(byDay)).toEqual(flatten(byRow));
    expect(byDay.closing.map((row) => row.group)).toEqual(byDay.closing.map(() => firmId));
  });

  it('as of 31 March: USD 900.00 of A1 and 3,000.00 of B1 open (B1 current), EUR 550.00', async () => {
    const byDay = await inFirmTransaction(harness.database.app.db, firmId, (tx) =>
      firmKpiFactsByDay(tx, periods[0]!),
    );
    expect(
      byDay.closing
        .map((row) => [row.currency, row.total, row.current])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['EUR', 55000n, 0n],
      ['USD', 390000n, 300000n],
    ]);
  });
});

function monthEndsOf(from: string, to: string): string[] {
  const ends: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    ends.push(end < to ? end : to);
    if (end >= to) return ends;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
