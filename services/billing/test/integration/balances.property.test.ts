import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { Money } from '@lexfin/money';
import { AppError } from '@lexfin/platform';
import type { Caller } from '@lexfin/service-kit';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { createClient } from '../../src/app/clients';
import type { BillingDeps } from '../../src/app/deps';
import { generateDraftInvoice, issueInvoice } from '../../src/app/invoices';
import { openMatter } from '../../src/app/matters';
import { addPracticeArea } from '../../src/app/practice-areas';
import { applyClientCredit, recordPayment, reversePayment } from '../../src/app/payments';
import { createCreditNote, writeOffInvoice } from '../../src/app/settlements';
import { clientAccountStatement } from '../../src/app/statement';
import { createTimekeeper, setTimekeeperRate } from '../../src/app/timekeepers';
import { recordTimeEntry } from '../../src/app/work';
import { billingMigrations } from '../../src/db/migrations';
import type { BillingDatabase } from '../../src/db/tables';

let database: TestDatabase<BillingDatabase>;
let deps: BillingDeps;

beforeAll(async () => {
  database = await createTestDatabase<BillingDatabase>({
    label: 'billing',
    migrations: billingMigrations,
  });
  deps = { db: database.app.db, clock: () => new Date('2026-04-01T12:00:00Z') };
});

afterAll(() => database.drop());

const usd = (minor: bigint) => Money.of(minor, 'USD').toJSON();

/** What a firm's clerk may do next; each picks its target by index among what exists. */
const action = fc.oneof(
  fc.record({
    kind: fc.constant('time' as const),
    client: fc.nat(1),
    tenths: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('invoice' as const), client: fc.nat(1) }),
  fc.record({
    kind: fc.constant('pay' as const),
    client: fc.nat(1),
    cents: fc.integer({ min: 1, max: 150_000 }),
    explicit: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('credit' as const),
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({
    kind: fc.constant('writeOff' as const),
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('applyCredit' as const), client: fc.nat(1) }),
);

/** How often each kind of step succeeded over all runs: the property must exercise every one. */
const succeeded = new Map<string, number>();

/** Business refusals are expected moves in a random sequence; anything else fails the property. */
async function attempt(kind: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    succeeded.set(kind, (succeeded.get(kind) ?? 0) + 1);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
  }
}

async function setUpFirm() {
  const caller: Caller = {
    kind: 'user',
    firmId: randomUUID(),
    userId: 'partner',
    roles: ['firm_admin'],
    correlationId: randomUUID(),
  };
  const keeper = await createTimekeeper(deps, caller, { name: 'Ada', classification: 'PARTNR' });
  await setTimekeeperRate(deps, caller, {
    timekeeperId: keeper.id,
    effectiveFrom: '2026-01-01',
    rate: usd(33333n),
  });
  const area = await addPracticeArea(deps, caller, { name: 'Litigation' });
  const clients = [];
  for (const name of ['A', 'B']) {
    const client = await createClient(deps, caller, {
      displayName: name,
      kind: 'PERSON',
      timeZone: 'UTC',
      currency: 'USD',
    });
    const matter = await openMatter(deps, caller, {
      clientId: client.id,
      matterNumber: `${name}-1`,
      description: 'Matter',
      responsiblePartnerId: keeper.id,
      practiceAreaId: area.id,
      billingArrangement: 'HOURLY',
      paymentTermsDays: 30,
      taxRatePercent: '7.25',
    });
    clients.push({ clientId: client.id, matterId: matter.id });
  }
  return { caller, timekeeperId: keeper.id, clients };
}

async function openInvoices(firmId: string, clientId?: string) {
  const { rows } = await sql<{ id: string; open_minor: bigint; client_id: string }>`
    select id, open_minor, client_id from invoices
    where firm_id = ${firmId} and status in ('ISSUED', 'PARTIALLY_PAID') ${clientId ? sql`and client_id = ${clientId}` : sql``}
    order by invoice_number`.execute(database.owner.db);
  return rows;
}

async function checkInvariants(caller: Caller, clientIds: string[]) {
  const { rows } = await sql<{
    id: string;
    open_minor: bigint;
    expected: bigint;
    paid_minor: bigint;
    allocated: bigint;
  }>`
    select i.id, i.open_minor, i.paid_minor,
      i.total_minor
        - coalesce((select sum(amount_minor) from payment_allocations a where a.invoice_id = i.id and not a.reversed), 0)
        - coalesce((select sum(amount_minor) from credit_notes c where c.invoice_id = i.id), 0)
        - coalesce((select sum(amount_minor) from write_offs w where w.invoice_id = i.id), 0) as expected,
      coalesce((select sum(amount_minor) from payment_allocations a where a.invoice_id = i.id and not a.reversed), 0) as allocated
    from invoices i where i.firm_id = ${caller.firmId} and i.status not in ('DRAFT', 'VOID')`.execute(
    database.owner.db,
  );
  for (const row of rows) {
    expect(BigInt(row.open_minor)).toBe(BigInt(row.expected));
    expect(BigInt(row.paid_minor)).toBe(BigInt(row.allocated));
    expect(BigInt(row.open_minor) >= 0n).toBe(true);
  }
  const open = rows.reduce((sum, row) => sum + BigInt(row.open_minor), 0n);
  const { rows: credit } = await sql<{ unapplied: string }>`
    select coalesce(sum(unapplied_minor), 0) as unapplied from payments
    where firm_id = ${caller.firmId} and status = 'RECORDED'`.execute(database.owner.db);
  let balances = 0n;
  for (const clientId of clientIds) {
    balances += (
      await clientAccountStatement(deps, caller, { clientId, from: '2026-01-01', to: '2026-12-31' })
    ).closingMinor;
  }
  expect(balances).toBe(open - BigInt(credit[0]!.unapplied));
}

describe('balances under random work, invoices, payments, credits, write-offs and reversals', () => {
  it('keeps open = total - payments - credits - write-offs >= 0, and client balances = open - unapplied credit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const { caller, timekeeperId, clients } = await setUpFirm();
        const payments: string[] = [];
        let day = 1;
        for (const step of actions) {
          const key = randomUUID();
          if (step.kind === 'time') {
            const { matterId } = clients[step.client]!;
            const hours = `${Math.trunc(step.tenths / 10)}.${step.tenths % 10}`;
            await recordTimeEntry(deps, caller, {
              matterId,
              timekeeperId,
              workDate: `2026-03-${String((day++ % 28) + 1).padStart(2, '0')}`,
              hours,
              narrative: 'Work',
            });
          } else if (step.kind === 'invoice') {
            await attempt(step.kind, async () => {
              const draft = await generateDraftInvoice(deps, caller, {
                matterId: clients[step.client]!.matterId,
                periodStart: '2026-03-01',
                periodEnd: '2026-03-31',
              });
              await issueInvoice(deps, caller, { invoiceId: draft.id, idempotencyKey: key });
            });
          } else if (step.kind === 'pay') {
            const { clientId } = clients[step.client]!;
            const target = (await openInvoices(caller.firmId, clientId))[0];
            const allocations =
              step.explicit && target
                ? [
                    {
                      invoiceId: target.id,
                      amount: usd(
                        BigInt(step.cents) < target.open_minor
                          ? BigInt(step.cents)
                          : target.open_minor,
                      ),
                    },
                  ]
                : undefined;
            await attempt(step.kind, async () => {
              const { paymentId } = await recordPayment(deps, caller, {
                clientId,
                method: 'ACH',
                amount: usd(BigInt(step.cents)),
                allocations,
                idempotencyKey: key,
              });
              payments.push(paymentId);
            });
          } else if (step.kind === 'credit' || step.kind === 'writeOff') {
            const candidates = await openInvoices(caller.firmId);
            const invoice = candidates[step.pick % Math.max(1, candidates.length)];
            if (!invoice) continue;
            const amount = usd((invoice.open_minor * BigInt(step.share)) / 100n || 1n);
            const input = { invoiceId: invoice.id, amount, reason: 'Random', idempotencyKey: key };
            await attempt(step.kind, () =>
              step.kind === 'credit'
                ? createCreditNote(deps, caller, input)
                : writeOffInvoice(deps, caller, input),
            );
          } else if (step.kind === 'reverse') {
            const paymentId = payments[step.pick % Math.max(1, payments.length)];
            if (paymentId)
              await attempt(step.kind, () =>
                reversePayment(deps, caller, {
                  paymentId,
                  reason: 'Chargeback',
                  idempotencyKey: key,
                }),
              );
          } else {
            await attempt(step.kind, () =>
              applyClientCredit(deps, caller, {
                clientId: clients[step.client]!.clientId,
                currency: 'USD',
                idempotencyKey: key,
              }),
            );
          }
        }
        await checkInvariants(
          caller,
          clients.map((client) => client.clientId),
        );
      }),
      { numRuns: 40 },
    );
    for (const kind of ['invoice', 'pay', 'credit', 'writeOff', 'reverse', 'applyCredit']) {
      expect(`${kind}: ${succeeded.get(kind) ?? 0}`).not.toBe(`${kind}: 0`);
    }
  });
});
