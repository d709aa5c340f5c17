import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Caller } from '@lexfin/service-kit';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import type { BillingDeps } from '../../src/app/deps';
import { recordPayment } from '../../src/app/payments';
import { clientAccountStatement } from '../../src/app/statement';
import { recordTimeEntry } from '../../src/app/work';
import { billingMigrations } from '../../src/db/migrations';
import type { BillingDatabase } from '../../src/db/tables';
import {
  hoursOf,
  isSettlementStep,
  runSettlementStep,
  settlementSteps,
  setUpFirm,
  stepCounter,
  usd,
} from '../support/random-firm';

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

/** What a firm's clerk may do next; each picks its target by index among what exists. */
const action = fc.oneof(
  fc.record({
    kind: fc.constant('time' as const),
    client: fc.nat(1),
    tenths: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('pay' as const),
    client: fc.nat(1),
    cents: fc.integer({ min: 1, max: 150_000 }),
    explicit: fc.boolean(),
  }),
  ...Object.values(settlementSteps),
);

const counter = stepCounter();

type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

/**
 * A run that reaches every kind of step, so the coverage below never rests on the luck of the
 * random runs (applying a client's credit needs an overpayment, then a later invoice).
 */
const everyKind: Action[] = [
  { kind: 'time', client: 0, tenths: 30 },
  { kind: 'invoice', client: 0 },
  { kind: 'credit', pick: 0, share: 10 },
  { kind: 'writeOff', pick: 0, share: 10 },
  { kind: 'pay', client: 0, cents: 1_000, explicit: true },
  { kind: 'reverse', pick: 0 },
  { kind: 'pay', client: 0, cents: 150_000, explicit: false },
  { kind: 'time', client: 0, tenths: 10 },
  { kind: 'invoice', client: 0 },
  { kind: 'applyCredit', client: 0 },
];

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
        const { caller, timekeeperId, clients } = await setUpFirm(deps);
        const payments: string[] = [];
        const firm = {
          deps,
          caller,
          clients,
          payments,
          counter,
          openInvoices: () => openInvoices(caller.firmId),
        };
        let day = 1;
        for (const step of actions) {
          if (isSettlementStep(step)) {
            await runSettlementStep(firm, step);
          } else if (step.kind === 'time') {
            await recordTimeEntry(deps, caller, {
              matterId: clients[step.client]!.matterId,
              timekeeperId,
              workDate: `2026-03-${String((day++ % 28) + 1).padStart(2, '0')}`,
              hours: hoursOf(step.tenths),
              narrative: 'Work',
            });
          } else {
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
            await counter.attempt(step.kind, async () => {
              const { paymentId } = await recordPayment(deps, caller, {
                clientId,
                method: 'ACH',
                amount: usd(BigInt(step.cents)),
                allocations,
                idempotencyKey: randomUUID(),
              });
              payments.push(paymentId);
            });
          }
        }
        await checkInvariants(
          caller,
          clients.map((client) => client.clientId),
        );
      }),
      { numRuns: 40, examples: [[everyKind]] },
    );
    counter.expectEach(['invoice', 'pay', 'credit', 'writeOff', 'reverse', 'applyCredit']);
  });
});
