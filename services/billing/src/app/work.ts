import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { NotFoundError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import { BillingRule, ruleBroken } from '../domain/errors';
import { assertAcceptsWork } from '../domain/matter-rules';
import { feeForTenths, resolveRate, type RateRow } from '../domain/rates';
import { assertCurrency } from './billing-currency';
import type { ExpenseTable, TimeEntryTable } from '../db/tables';
import type { BillingDeps, BillingTx } from './deps';
import { hours, tenthsToHours } from './quantities';
import { Roles } from './roles';
import { updateInput } from './update-input';
import { lockMatter, type MatterRow } from './loaders';
import { activityCode, expenseCode, taskCode } from './utbms';

const {
  expenseDeleted,
  expenseRecorded,
  expenseUpdated,
  timeEntryDeleted,
  timeEntryRecorded,
  timeEntryUpdated,
} = billingEvents;

type TimeEntryRow = Selectable<TimeEntryTable>;
type ExpenseRow = Selectable<ExpenseTable>;

/** An entry's full state, as recorded and as updated: a replica replaces what it had with it. */
function timeEntryState(row: TimeEntryRow) {
  return {
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
  };
}

function expenseState(row: ExpenseRow) {
  return {
    expenseId: row.id,
    matterId: row.matter_id,
    clientId: row.client_id,
    incurredOn: row.incurred_on,
    expenseCode: row.expense_code,
    amount: Money.of(row.amount_minor, row.currency).toJSON(),
    billable: row.billable,
  };
}

const timeFields = {
  timekeeperId: input.id,
  workDate: input.date,
  hours,
  taskCode: taskCode.nullish(),
  activityCode: activityCode.nullish(),
  narrative: input.text,
  billable: z.boolean().default(true),
};
const timeEntryInput = z.object({ matterId: input.id, ...timeFields });
const timeEntriesInput = z.array(timeEntryInput).min(1).max(1000);
const updateTimeEntryInput = updateInput('timeEntryId', timeFields);

/** The matters of a batch, each locked against a concurrent credit hold and checked open. */
async function openMatters(tx: BillingTx, caller: Caller, matterIds: readonly string[]) {
  const matters = new Map<string, MatterRow>();
  for (const matterId of [...new Set(matterIds)].sort()) {
    const matter = await lockMatter(tx, caller, matterId, 'share');
    assertAcceptsWork(matter);
    matters.set(matterId, matter);
  }
  return matters;
}

async function rateTables(tx: BillingTx, caller: Caller, timekeeperIds: readonly string[]) {
  const rows = await tx
    .selectFrom('timekeeper_rates')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
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

export async function recordTimeEntry(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const [entry] = await saveTimeEntries(deps, caller, [input.parseInput(timeEntryInput, args)]);
  return entry!;
}

/** Records many entries in one transaction (imports from timekeeping tools). */
export async function recordTimeEntries(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  return saveTimeEntries(deps, caller, input.parseInput(timeEntriesInput, args));
}

/** Each entry priced from the rate tables at its date. */
function saveTimeEntries(
  deps: BillingDeps,
  caller: Caller,
  entries: z.output<typeof timeEntryInput>[],
) {
  return inFirm(deps.db, caller, async (tx) => {
    const matters = await openMatters(
      tx,
      caller,
      entries.map((entry) => entry.matterId),
    );
    const rates = await rateTables(
      tx,
      caller,
      entries.map((entry) => entry.timekeeperId),
    );
    const rows = entries.map((entry) => {
      const matter = matters.get(entry.matterId)!;
      const rateMinor = rateFor(rates, matter, entry.timekeeperId, entry.workDate);
      return {
        id: randomUUID(),
        firm_id: caller.firmId,
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
    await emit(
      tx,
      saved.map((row) => eventOf(caller, timeEntryRecorded, row.id, timeEntryState(row))),
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

const sourceColumn = { time_entries: 'time_entry_id', expenses: 'expense_id' } as const;

/**
 * Deletes unbilled work and answers what left unbilled work with it. Work that a voided invoice
 * listed stays, since that invoice's lines keep naming it; it can still be changed or made not
 * billable, but not deleted.
 */
async function removeWork(
  tx: BillingTx,
  caller: Caller,
  table: 'time_entries' | 'expenses',
  row: TimeEntryRow | ExpenseRow,
) {
  const line = await tx
    .selectFrom('invoice_lines')
    .select('invoice_id')
    .where('firm_id', '=', caller.firmId)
    .where(sourceColumn[table], '=', row.id)
    .executeTakeFirst();
  if (line) {
    throw ruleBroken(
      BillingRule.ALREADY_BILLED,
      'The entry was on an invoice (since voided) and is kept with it; make it not billable instead',
      { entryId: row.id, invoiceId: line.invoice_id },
    );
  }
  await tx
    .deleteFrom(table)
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', row.id)
    .execute();
  return {
    matterId: row.matter_id,
    clientId: row.client_id,
    amount: Money.of(row.amount_minor, row.currency).toJSON(),
    billable: row.billable,
  };
}

async function lockTimeEntry(tx: BillingTx, caller: Caller, timeEntryId: string) {
  const entry = await tx
    .selectFrom('time_entries')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', timeEntryId)
    .forUpdate()
    .executeTakeFirst();
  if (!entry) throw new NotFoundError('No such time entry', { timeEntryId });
  assertUnbilled(entry);
  return entry;
}

async function lockExpense(tx: BillingTx, caller: Caller, expenseId: string) {
  const expense = await tx
    .selectFrom('expenses')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', expenseId)
    .forUpdate()
    .executeTakeFirst();
  if (!expense) throw new NotFoundError('No such expense', { expenseId });
  assertUnbilled(expense);
  return expense;
}

export async function updateTimeEntry(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(updateTimeEntryInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const entry = await lockTimeEntry(tx, caller, fields.timeEntryId);
    const matter = await lockMatter(tx, caller, entry.matter_id);
    const timekeeperId = fields.timekeeperId ?? entry.timekeeper_id;
    const workDate = fields.workDate ?? entry.work_date;
    const tenths = fields.hours ?? entry.tenths;
    const rateMinor = rateFor(
      await rateTables(tx, caller, [timekeeperId]),
      matter,
      timekeeperId,
      workDate,
    );
    const updated = await tx
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
    await emit(tx, [eventOf(caller, timeEntryUpdated, updated.id, timeEntryState(updated))]);
    return updated;
  });
}

const deleteTimeEntryInput = z.object({ timeEntryId: input.id });

/** Deletes an unbilled time entry recorded by mistake. */
export async function deleteTimeEntry(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(deleteTimeEntryInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const entry = await lockTimeEntry(tx, caller, fields.timeEntryId);
    const removed = await removeWork(tx, caller, 'time_entries', entry);
    await emit(tx, [
      eventOf(caller, timeEntryDeleted, entry.id, { timeEntryId: entry.id, ...removed }),
    ]);
    return { timeEntryId: entry.id };
  });
}

const expenseFields = {
  incurredOn: input.date,
  expenseCode,
  description: input.text,
  quantity: z.int().min(1).max(100_000).default(1),
  unitCost: input.positiveMoney,
  billable: z.boolean().default(true),
};
const expenseInput = z.object({ matterId: input.id, ...expenseFields });
const updateExpenseInput = updateInput('expenseId', expenseFields);

export async function recordExpense(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(expenseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const matter = (await openMatters(tx, caller, [fields.matterId])).get(fields.matterId)!;
    assertCurrency(fields.unitCost, matter.currency, 'unitCost');
    const expense = await tx
      .insertInto('expenses')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
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
    await emit(tx, [eventOf(caller, expenseRecorded, expense.id, expenseState(expense))]);
    return expense;
  });
}

export async function updateExpense(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(updateExpenseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const expense = await lockExpense(tx, caller, fields.expenseId);
    if (fields.unitCost) assertCurrency(fields.unitCost, expense.currency, 'unitCost');
    const unitCost = fields.unitCost?.minor ?? expense.unit_cost_minor;
    const quantity = fields.quantity ?? expense.quantity;
    const updated = await tx
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
    await emit(tx, [eventOf(caller, expenseUpdated, updated.id, expenseState(updated))]);
    return updated;
  });
}

const deleteExpenseInput = z.object({ expenseId: input.id });

/** Deletes an unbilled expense recorded by mistake. */
export async function deleteExpense(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(deleteExpenseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const expense = await lockExpense(tx, caller, fields.expenseId);
    const removed = await removeWork(tx, caller, 'expenses', expense);
    await emit(tx, [
      eventOf(caller, expenseDeleted, expense.id, { expenseId: expense.id, ...removed }),
    ]);
    return { expenseId: expense.id };
  });
}
