import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { decodeEvent, type CatalogueEvent } from '@lexfin/contracts';
import { parseDecimalAmount } from '@lexfin/money';
import { systemCaller, type Caller } from '@lexfin/service-kit';
import { createTestDatabase, type TestDatabase } from '@lexfin/testing';
import { runDailyBilling } from '../../src/app/daily-run';
import type { BillingDeps } from '../../src/app/deps';
import { voidInvoice } from '../../src/app/invoices';
import { recordPayment } from '../../src/app/payments';
import { unbilledWork } from '../../src/app/queries';
import {
  deleteExpense,
  deleteTimeEntry,
  recordExpense,
  recordTimeEntry,
  updateTimeEntry,
} from '../../src/app/work';
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

// A replica that knows only billing's events must arrive at billing's own numbers: the open
// amount of every invoice and the unbilled work of every matter.

let database: TestDatabase<BillingDatabase>;
let now = new Date('2026-04-01T12:00:00Z');
let deps: BillingDeps;

beforeAll(async () => {
  database = await createTestDatabase<BillingDatabase>({
    label: 'billing',
    migrations: billingMigrations,
  });
  deps = { db: database.app.db, clock: () => now };
});

afterAll(() => database.drop());

const minor = (money: { amount: string; currency: string }) =>
  parseDecimalAmount(money.amount, money.currency);

// Weighted so that every kind of step finds something to act on in most runs.
const action = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('time' as const),
      client: fc.nat(1),
      tenths: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expense' as const),
      client: fc.nat(1),
      quantity: fc.integer({ min: 1, max: 50 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('editTime' as const),
      pick: fc.nat(),
      tenths: fc.integer({ min: 1, max: 40 }),
      billable: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteTime' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('deleteExpense' as const), pick: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      client: fc.nat(1),
      cents: fc.integer({ min: 1, max: 60_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('days' as const),
      days: fc.integer({ min: 5, max: 45 }),
    }),
  },
  { weight: 3, arbitrary: settlementSteps.invoice },
  { weight: 2, arbitrary: settlementSteps.credit },
  { weight: 2, arbitrary: settlementSteps.writeOff },
  { weight: 1, arbitrary: settlementSteps.reverse },
  { weight: 1, arbitrary: settlementSteps.applyCredit },
);

const counter = stepCounter();

type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

/**
 * A run that reaches every kind of step, so the coverage below never rests on the luck of the
 * random runs (applying a client's credit needs an overpayment, then a later invoice).
 */
const everyKind: Action[] = [
  { kind: 'time', client: 0, tenths: 10 },
  { kind: 'time', client: 0, tenths: 20 },
  { kind: 'expense', client: 0, quantity: 2 },
  { kind: 'expense', client: 0, quantity: 3 },
  { kind: 'editTime', pick: 0, tenths: 15, billable: true },
  { kind: 'deleteTime', pick: 1 },
  { kind: 'deleteExpense', pick: 0 },
  { kind: 'invoice', client: 0 },
  { kind: 'void', pick: 0 },
  { kind: 'invoice', client: 0 },
  { kind: 'days', days: 45 },
  { kind: 'credit', pick: 0, share: 10 },
  { kind: 'writeOff', pick: 0, share: 10 },
  { kind: 'pay', client: 0, cents: 1_000 },
  { kind: 'reverse', pick: 0 },
  { kind: 'pay', client: 0, cents: 60_000 },
  { kind: 'time', client: 0, tenths: 10 },
  { kind: 'invoice', client: 0 },
  { kind: 'applyCredit', client: 0 },
];

/** Late fees on the two matters, so the daily run assesses both kinds. */
const lateFees = [
  { lateFeePolicy: { kind: 'FLAT', flatAmount: usd(2500n) } },
  { lateFeePolicy: { kind: 'SIMPLE_INTEREST', annualRatePercent: '18', graceDays: 5 } },
] as const;

interface Replica {
  open: Map<string, bigint>;
  /** Billable unbilled work by matter, then by time entry or expense id. */
  unbilled: Map<string, Map<string, bigint>>;
}

/** Folds one billing event into the replica, as a consumer in another service would. */
function fold(replica: Replica, event: CatalogueEvent): void {
  const work = (matterId: string) => {
    if (!replica.unbilled.has(matterId)) replica.unbilled.set(matterId, new Map());
    return replica.unbilled.get(matterId)!;
  };
  const move = (invoiceId: string, delta: bigint) =>
    replica.open.set(invoiceId, replica.open.get(invoiceId)! + delta);
  switch (event.type) {
    case 'lexfin.billing.time_entry.recorded.v1':
    case 'lexfin.billing.time_entry.updated.v1': {
      const { matterId, timeEntryId, amount, billable } = event.data;
      if (billable) work(matterId).set(timeEntryId, minor(amount));
      else work(matterId).delete(timeEntryId);
      return;
    }
    case 'lexfin.billing.expense.recorded.v1':
    case 'lexfin.billing.expense.updated.v1': {
      const { matterId, expenseId, amount, billable } = event.data;
      if (billable) work(matterId).set(expenseId, minor(amount));
      else work(matterId).delete(expenseId);
      return;
    }
    case 'lexfin.billing.time_entry.deleted.v1':
      work(event.data.matterId).delete(event.data.timeEntryId);
      return;
    case 'lexfin.billing.expense.deleted.v1':
      work(event.data.matterId).delete(event.data.expenseId);
      return;
    case 'lexfin.billing.invoice.issued.v2': {
      const { invoiceId, matterId, total, billedTimeEntries, billedExpenses } = event.data;
      replica.open.set(invoiceId, minor(total));
      for (const entry of billedTimeEntries) work(matterId).delete(entry.timeEntryId);
      for (const expense of billedExpenses) work(matterId).delete(expense.expenseId);
      return;
    }
    case 'lexfin.billing.invoice.voided.v2': {
      const { invoiceId, matterId, returnedTimeEntries, returnedExpenses } = event.data;
      replica.open.delete(invoiceId);
      for (const entry of returnedTimeEntries) {
        work(matterId).set(entry.timeEntryId, minor(entry.amount));
      }
      for (const expense of returnedExpenses) {
        work(matterId).set(expense.expenseId, minor(expense.amount));
      }
      return;
    }
    case 'lexfin.billing.late_fee.assessed.v1':
      move(event.data.invoiceId, minor(event.data.amount));
      return;
    case 'lexfin.billing.payment.recorded.v1':
    case 'lexfin.billing.client_credit.applied.v1':
      for (const allocation of event.data.allocations) {
        move(allocation.invoiceId, -minor(allocation.amount));
      }
      return;
    case 'lexfin.billing.payment.reversed.v1':
      for (const allocation of event.data.reopenedAllocations) {
        move(allocation.invoiceId, minor(allocation.amount));
      }
      return;
    case 'lexfin.billing.credit_note.issued.v1':
    case 'lexfin.billing.invoice.written_off.v1':
      move(event.data.invoiceId, -minor(event.data.amount));
      return;
    default:
      // Other events (clients, matters, overdue and paid notices) change no amount.
      return;
  }
}

/** Billing's events of one firm, in the order its outbox recorded them. */
async function replayed(firmId: string): Promise<Replica> {
  const rows = await database.owner.db
    .selectFrom('outbox')
    .select('payload')
    .where('firm_id', '=', firmId)
    .orderBy('id')
    .execute();
  const replica: Replica = { open: new Map(), unbilled: new Map() };
  for (const row of rows) fold(replica, decodeEvent(row.payload));
  return replica;
}

async function openInvoices(firmId: string) {
  return database.owner.db
    .selectFrom('invoices')
    .select(['id', 'open_minor'])
    .where('firm_id', '=', firmId)
    .where('status', 'in', ['ISSUED', 'PARTIALLY_PAID'])
    .orderBy('invoice_number')
    .execute();
}

async function unbilledRows(firmId: string, table: 'time_entries' | 'expenses') {
  return database.owner.db
    .selectFrom(table)
    .select('id')
    .where('firm_id', '=', firmId)
    .where('invoice_id', 'is', null)
    .orderBy('id')
    .execute();
}

async function compare(caller: Caller, matterIds: string[]) {
  const replica = await replayed(caller.firmId);
  const invoices = await database.owner.db
    .selectFrom('invoices')
    .select(['id', 'open_minor'])
    .where('firm_id', '=', caller.firmId)
    .where('status', 'not in', ['DRAFT', 'VOID'])
    .execute();
  expect(new Map(invoices.map((invoice) => [invoice.id, invoice.open_minor]))).toEqual(
    replica.open,
  );
  for (const matterId of matterIds) {
    const own = (await unbilledWork(deps, caller, { matterId }))!;
    const ownWork = new Map(
      [...own.timeEntries, ...own.expenses].map((row) => [row.id, row.amount_minor]),
    );
    expect(replica.unbilled.get(matterId) ?? new Map()).toEqual(ownWork);
  }
}

describe("billing's events rebuild its balances", () => {
  it('replays to the open amount of every invoice and the unbilled work of every matter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), async (actions) => {
        now = new Date('2026-04-01T12:00:00Z');
        const { caller, timekeeperId, clients } = await setUpFirm(deps, lateFees);
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
        const workDate = () => `2026-03-${String((day++ % 28) + 1).padStart(2, '0')}`;
        for (const step of actions) {
          if (isSettlementStep(step)) {
            await runSettlementStep(firm, step);
          } else if (step.kind === 'time') {
            await recordTimeEntry(deps, caller, {
              matterId: clients[step.client]!.matterId,
              timekeeperId,
              workDate: workDate(),
              hours: hoursOf(step.tenths),
              narrative: 'Work',
            });
          } else if (step.kind === 'expense') {
            await recordExpense(deps, caller, {
              matterId: clients[step.client]!.matterId,
              incurredOn: workDate(),
              expenseCode: 'E101',
              description: 'Copies',
              quantity: step.quantity,
              unitCost: usd(15n),
            });
          } else if (step.kind === 'editTime' || step.kind === 'deleteTime') {
            const entries = await unbilledRows(caller.firmId, 'time_entries');
            const entry = entries[step.pick % Math.max(1, entries.length)];
            if (!entry) continue;
            await counter.attempt(step.kind, () =>
              step.kind === 'editTime'
                ? updateTimeEntry(deps, caller, {
                    timeEntryId: entry.id,
                    hours: hoursOf(step.tenths),
                    billable: step.billable,
                  })
                : deleteTimeEntry(deps, caller, { timeEntryId: entry.id }),
            );
          } else if (step.kind === 'deleteExpense') {
            const expenses = await unbilledRows(caller.firmId, 'expenses');
            const expense = expenses[step.pick % Math.max(1, expenses.length)];
            if (!expense) continue;
            await counter.attempt(step.kind, () =>
              deleteExpense(deps, caller, { expenseId: expense.id }),
            );
          } else if (step.kind === 'void') {
            const candidates = await openInvoices(caller.firmId);
            const invoice = candidates[step.pick % Math.max(1, candidates.length)];
            if (!invoice) continue;
            await counter.attempt(step.kind, () =>
              voidInvoice(deps, caller, {
                invoiceId: invoice.id,
                reason: 'Wrong period',
                idempotencyKey: randomUUID(),
              }),
            );
          } else if (step.kind === 'pay') {
            await counter.attempt(step.kind, async () => {
              const { paymentId } = await recordPayment(deps, caller, {
                clientId: clients[step.client]!.clientId,
                method: 'ACH',
                amount: usd(BigInt(step.cents)),
                idempotencyKey: randomUUID(),
              });
              payments.push(paymentId);
            });
          } else {
            now = new Date(now.getTime() + step.days * 86_400_000);
            const daily = systemCaller({
              firmId: caller.firmId,
              work: 'daily-billing',
              correlationId: randomUUID(),
            });
            const result = await runDailyBilling(deps, daily);
            if (result.lateFeesAssessed > 0) counter.count('lateFee');
          }
        }
        await compare(
          caller,
          clients.map((client) => client.matterId),
        );
      }),
      { numRuns: 40, examples: [[everyKind]] },
    );
    counter.expectEach([
      'editTime',
      'deleteTime',
      'deleteExpense',
      'invoice',
      'void',
      'pay',
      'credit',
      'writeOff',
      'reverse',
      'applyCredit',
      'lateFee',
    ]);
  });
});
