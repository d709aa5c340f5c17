import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { NotFoundError } from '@lexfin/platform';
import { BillingRule, ruleBroken } from '../domain/errors';
import { assertAcceptsWork } from '../domain/matter-rules';
import { feeForTenths, resolveRate, type RateRow } from '../domain/rates';
import {
  allow,
  eventOf,
  inFirm,
  parseInput,
  publish,
  Roles,
  type Actor,
  type BillingDeps,
  type BillingTx,
} from './context';
import {
  assertCurrency,
  date,
  hours,
  id,
  positiveMoney,
  tenthsToHours,
  text,
  updateInput,
} from './inputs';
import { lockMatter, type MatterRow } from './loaders';
import { activityCode, expenseCode, taskCode } from './utbms';

const { expenseRecorded, timeEntryRecorded } = billingEvents;

const timeFields = {
  timekeeperId: id,
  workDate: date,
  hours,
  taskCode: taskCode.nullish(),
  activityCode: activityCode.nullish(),
  narrative: text,
  billable: z.boolean().default(true),
};
const timeEntryInput = z.object({ matterId: id, ...timeFields });
const timeEntriesInput = z.array(timeEntryInput).min(1).max(1000);
const updateTimeEntryInput = updateInput('timeEntryId', timeFields);

/** The matters of a batch, each locked against a concurrent credit hold and checked open. */
async function openMatters(tx: BillingTx, actor: Actor, matterIds: readonly string[]) {
  const matters = new Map<string, MatterRow>();
  for (const matterId of [...new Set(matterIds)].sort()) {
    const matter = await lockMatter(tx, actor, matterId, 'share');
    assertAcceptsWork(matter);
    matters.set(matterId, matter);
  }
  return matters;
}

async function rateTables(tx: BillingTx, actor: Actor, timekeeperIds: readonly string[]) {
  const rows = await tx
    .selectFrom('timekeeper_rates')
    .selectAll()
    .where('firm_id', '=', actor.firmId)
    .where('timekeeper_id', 'in', [...new Set(timekeeperIds)])
    .execute();
  return rows.map((row): RateRow => ({
    timekeeperId: row.timekeeper_id,
    clientId: row.client_id,
    matterId: row.matter_id,
    effectiveFrom: row.effective_from,
    rateMinor: row.rate_minor,
    currency: row.currency,
  }));
}

function rateFor(
  rates: readonly RateRow[],
  matter: MatterRow,
  timekeeperId: string,
  workDate: string,
) {
  const rate = resolveRate(rates, {
    timekeeperId,
    clientId: matter.client_id,
    matterId: matter.id,
    currency: matter.currency,
    date: workDate,
  });
  if (!rate) {
    throw ruleBroken(
      BillingRule.NO_RATE,
      `The timekeeper has no ${matter.currency} rate in force on ${workDate}`,
      {
        timekeeperId,
        matterId: matter.id,
        workDate,
      },
    );
  }
  return rate.rateMinor;
}

export async function recordTimeEntry(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const [entry] = await saveTimeEntries(deps, actor, [parseInput(timeEntryInput, input)]);
  return entry!;
}

/** Records many entries in one transaction (imports from timekeeping tools). */
export async function recordTimeEntries(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  return saveTimeEntries(deps, actor, parseInput(timeEntriesInput, input));
}

/** Each entry priced from the rate tables at its date. */
function saveTimeEntries(
  deps: BillingDeps,
  actor: Actor,
  entries: z.output<typeof timeEntryInput>[],
) {
  return inFirm(deps, actor, async (tx) => {
    const matters = await openMatters(
      tx,
      actor,
      entries.map((entry) => entry.matterId),
    );
    const rates = await rateTables(
      tx,
      actor,
      entries.map((entry) => entry.timekeeperId),
    );
    const rows = entries.map((entry) => {
      const matter = matters.get(entry.matterId)!;
      const rateMinor = rateFor(rates, matter, entry.timekeeperId, entry.workDate);
      return {
        id: randomUUID(),
        firm_id: actor.firmId,
        client_id: matter.client_id,
        matter_id: matter.id,
        timekeeper_id: entry.timekeeperId,
        work_date: entry.workDate,
        tenths: entry.hours,
        rate_minor: rateMinor,
        amount_minor: feeForTenths(rateMinor, entry.hours),
        currency: matter.currency,
        task_code: entry.taskCode ?? null,
        activity_code: entry.activityCode ?? null,
        narrative: entry.narrative,
        billable: entry.billable,
        invoice_id: null,
      };
    });
    const saved = await tx.insertInto('time_entries').values(rows).returningAll().execute();
    await publish(
      tx,
      saved.map((row) =>
        eventOf(actor, timeEntryRecorded, row.id, {
          timeEntryId: row.id,
          matterId: row.matter_id,
          clientId: row.client_id,
          timekeeperId: row.timekeeper_id,
          workDate: row.work_date,
          hours: tenthsToHours(row.tenths),
          rate: Money.of(row.rate_minor, row.currency).toJSON(),
          amount: Money.of(row.amount_minor, row.currency).toJSON(),
          billable: row.billable,
          taskCode: row.task_code,
          activityCode: row.activity_code,
        }),
      ),
    );
    return saved;
  });
}

function assertUnbilled(row: { id: string; invoice_id: string | null }) {
  if (row.invoice_id !== null) {
    throw ruleBroken(
      BillingRule.ALREADY_BILLED,
      'The entry is on an invoice and can no longer be changed',
      {
        entryId: row.id,
        invoiceId: row.invoice_id,
      },
    );
  }
}

export async function updateTimeEntry(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(updateTimeEntryInput, input);
  return inFirm(deps, actor, async (tx) => {
    const entry = await tx
      .selectFrom('time_entries')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', fields.timeEntryId)
      .forUpdate()
      .executeTakeFirst();
    if (!entry) throw new NotFoundError('No such time entry', { timeEntryId: fields.timeEntryId });
    assertUnbilled(entry);
    const matter = await lockMatter(tx, actor, entry.matter_id);
    const timekeeperId = fields.timekeeperId ?? entry.timekeeper_id;
    const workDate = fields.workDate ?? entry.work_date;
    const tenths = fields.hours ?? entry.tenths;
    const rateMinor = rateFor(
      await rateTables(tx, actor, [timekeeperId]),
      matter,
      timekeeperId,
      workDate,
    );
    return tx
      .updateTable('time_entries')
      .set({
        timekeeper_id: timekeeperId,
        work_date: workDate,
        tenths,
        rate_minor: rateMinor,
        amount_minor: feeForTenths(rateMinor, tenths),
        task_code: fields.taskCode,
        activity_code: fields.activityCode,
        narrative: fields.narrative,
        billable: fields.billable,
      })
      .where('id', '=', entry.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

const expenseFields = {
  incurredOn: date,
  expenseCode,
  description: text,
  quantity: z.int().min(1).max(100_000).default(1),
  unitCost: positiveMoney,
  billable: z.boolean().default(true),
};
const expenseInput = z.object({ matterId: id, ...expenseFields });
const updateExpenseInput = updateInput('expenseId', expenseFields);

export async function recordExpense(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(expenseInput, input);
  return inFirm(deps, actor, async (tx) => {
    const matter = (await openMatters(tx, actor, [fields.matterId])).get(fields.matterId)!;
    assertCurrency(fields.unitCost, matter.currency, 'unitCost');
    const expense = await tx
      .insertInto('expenses')
      .values({
        id: randomUUID(),
        firm_id: actor.firmId,
        client_id: matter.client_id,
        matter_id: matter.id,
        incurred_on: fields.incurredOn,
        expense_code: fields.expenseCode,
        description: fields.description,
        quantity: fields.quantity,
        unit_cost_minor: fields.unitCost.minor,
        amount_minor: fields.unitCost.minor * BigInt(fields.quantity),
        currency: matter.currency,
        billable: fields.billable,
        invoice_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await publish(tx, [
      eventOf(actor, expenseRecorded, expense.id, {
        expenseId: expense.id,
        matterId: expense.matter_id,
        clientId: expense.client_id,
        incurredOn: expense.incurred_on,
        expenseCode: expense.expense_code,
        amount: Money.of(expense.amount_minor, expense.currency).toJSON(),
        billable: expense.billable,
      }),
    ]);
    return expense;
  });
}

export async function updateExpense(deps: BillingDeps, actor: Actor, input: unknown) {
  allow(actor, Roles.clerical);
  const fields = parseInput(updateExpenseInput, input);
  return inFirm(deps, actor, async (tx) => {
    const expense = await tx
      .selectFrom('expenses')
      .selectAll()
      .where('firm_id', '=', actor.firmId)
      .where('id', '=', fields.expenseId)
      .forUpdate()
      .executeTakeFirst();
    if (!expense) throw new NotFoundError('No such expense', { expenseId: fields.expenseId });
    assertUnbilled(expense);
    if (fields.unitCost) assertCurrency(fields.unitCost, expense.currency, 'unitCost');
    const unitCost = fields.unitCost?.minor ?? expense.unit_cost_minor;
    const quantity = fields.quantity ?? expense.quantity;
    return tx
      .updateTable('expenses')
      .set({
        incurred_on: fields.incurredOn,
        expense_code: fields.expenseCode,
        description: fields.description,
        quantity,
        unit_cost_minor: unitCost,
        amount_minor: unitCost * BigInt(quantity),
        billable: fields.billable,
      })
      .where('id', '=', expense.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
