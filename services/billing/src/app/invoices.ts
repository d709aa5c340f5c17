import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { BadUserInputError, NotFoundError } from '@lexfin/platform';
import { allow, emit, eventOf, inFirm, input, runCommand, type Caller } from '@lexfin/service-kit';
import { addDays } from '@lexfin/platform/business-dates';
import { BillingRule, ruleBroken } from '../domain/errors';
import { buildDraftLines, invoiceTotal, linesSummary, withTax } from '../domain/invoice-lines';
import { assertDraft, assertVoidable } from '../domain/invoice-status';
import { assertCurrency } from './billing-currency';
import type { BillingDeps, BillingTx } from './deps';
import { Roles } from './roles';
import { invoiceRef, moneyJson } from './invoice-events';
import { insertLines, linesOf, toDomainLine } from './invoice-lines-store';
import { amountsOf, firmToday, lockInvoice, lockMatter, type InvoiceRow } from './loaders';

const { invoiceIssuedV2, invoiceVoidedV2 } = billingEvents;

/**
 * The time entries and expenses on an invoice with what each was recorded at and, from its line,
 * what the invoice charged for it before and after adjustments.
 */
async function billedWorkOf(tx: BillingTx, invoice: InvoiceRow) {
  const lines = await linesOf(tx, invoice.id);
  const [time, expenses] = await Promise.all([
    tx
      .selectFrom('time_entries')
      .select(['id', 'amount_minor'])
      .where('firm_id', '=', invoice.firm_id)
      .where('invoice_id', '=', invoice.id)
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('expenses')
      .select(['id', 'amount_minor'])
      .where('firm_id', '=', invoice.firm_id)
      .where('invoice_id', '=', invoice.id)
      .orderBy('id')
      .execute(),
  ]);
  const lineOf = new Map(
    lines.flatMap((line) => {
      const source = line.time_entry_id ?? line.expense_id;
      return source === null ? [] : [[source, line] as const];
    }),
  );
  const amounts = (work: { id: string; amount_minor: bigint }) => {
    const line = lineOf.get(work.id);
    const base = line?.base_minor ?? 0n;
    return {
      recordedAmount: moneyJson(work.amount_minor, invoice.currency),
      billedBeforeAdjustment: moneyJson(base, invoice.currency),
      billedAfterAdjustment: moneyJson(base + (line?.adjustment_minor ?? 0n), invoice.currency),
    };
  };
  return {
    lines,
    billedTimeEntries: time.map((entry) => ({ timeEntryId: entry.id, ...amounts(entry) })),
    billedExpenses: expenses.map((expense) => ({ expenseId: expense.id, ...amounts(expense) })),
  };
}

const draftInput = z
  .object({
    matterId: input.id,
    periodStart: input.date,
    periodEnd: input.date,
    contingencyRecovery: input.positiveMoney.nullish(),
  })
  .refine((value) => value.periodStart <= value.periodEnd, {
    message: 'must not be before periodStart',
    path: ['periodEnd'],
  });

/** A draft from the matter's unbilled, billable work in the period; the work is then on it. */
export async function generateDraftInvoice(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(draftInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    // The matter lock keeps two drafts of one matter from taking the same work.
    const matter = await lockMatter(tx, caller, fields.matterId);
    if (fields.contingencyRecovery) {
      assertCurrency(fields.contingencyRecovery, matter.currency, 'contingencyRecovery');
    }
    const inPeriod = unbilledInPeriod(caller.firmId, matter.id, fields);
    const lines = await draftLines(tx, matter, fields, inPeriod);
    if (lines.length === 0) {
      throw ruleBroken(
        BillingRule.NOTHING_TO_BILL,
        'The matter has no unbilled work in the period',
        {
          matterId: matter.id,
        },
      );
    }
    const invoice = await insertDraft(tx, caller, matter, fields, invoiceTotal(lines));
    await insertLines(tx, invoice, lines, 1);
    await Promise.all([
      tx
        .updateTable('time_entries')
        .set({ invoice_id: invoice.id })
        .where(inPeriod('time_entries', 'work_date'))
        .execute(),
      tx
        .updateTable('expenses')
        .set({ invoice_id: invoice.id })
        .where(inPeriod('expenses', 'incurred_on'))
        .execute(),
    ]);
    return invoice;
  });
}

type DraftFields = z.output<typeof draftInput>;
type LockedMatter = Awaited<ReturnType<typeof lockMatter>>;
type InPeriod = ReturnType<typeof unbilledInPeriod>;

/** The filter of a matter's unbilled, billable time entries or expenses dated in the period. */
function unbilledInPeriod(firmId: string, matterId: string, period: DraftFields) {
  return <T extends 'time_entries' | 'expenses'>(table: T, dateColumn: string) =>
    sql<boolean>`${sql.ref(`${table}.firm_id`)} = ${firmId} and ${sql.ref(`${table}.matter_id`)} = ${matterId}
        and ${sql.ref(`${table}.invoice_id`)} is null and ${sql.ref(`${table}.billable`)}
        and ${sql.ref(`${table}.${dateColumn}`)} between ${period.periodStart} and ${period.periodEnd}`;
}

/** The draft's lines from the period's unbilled work and the matter's billing arrangement. */
async function draftLines(
  tx: BillingTx,
  matter: LockedMatter,
  fields: DraftFields,
  inPeriod: InPeriod,
) {
  const [time, expenses, flatFeeLine] = await Promise.all([
    tx
      .selectFrom('time_entries')
      .selectAll()
      .where(inPeriod('time_entries', 'work_date'))
      .orderBy('work_date')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('expenses')
      .selectAll()
      .where(inPeriod('expenses', 'incurred_on'))
      .orderBy('incurred_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('invoice_lines')
      .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .select('invoice_lines.id')
      .where('invoices.matter_id', '=', matter.id)
      .where('invoices.status', '!=', 'VOID')
      .where('invoice_lines.kind', '=', 'FLAT_FEE')
      .executeTakeFirst(),
  ]);
  return buildDraftLines(
    time.map((entry) => ({
      id: entry.id,
      workDate: entry.work_date,
      timekeeperId: entry.timekeeper_id,
      tenths: entry.tenths,
      rateMinor: entry.rate_minor,
      amountMinor: entry.amount_minor,
      taskCode: entry.task_code,
      activityCode: entry.activity_code,
      narrative: entry.narrative,
    })),
    expenses.map((expense) => ({
      id: expense.id,
      incurredOn: expense.incurred_on,
      expenseCode: expense.expense_code,
      description: expense.description,
      quantity: expense.quantity,
      unitCostMinor: expense.unit_cost_minor,
      amountMinor: expense.amount_minor,
    })),
    {
      billingArrangement: matter.billing_arrangement,
      periodEnd: fields.periodEnd,
      flatFeeMinor: matter.flat_fee_minor,
      flatFeeAlreadyBilled: flatFeeLine !== undefined,
      contingencyRatePpm: matter.contingency_rate_ppm,
      contingencyRecoveryMinor: fields.contingencyRecovery?.minor ?? null,
      taxRatePpm: matter.tax_rate_ppm,
    },
  );
}

function insertDraft(
  tx: BillingTx,
  caller: Caller,
  matter: LockedMatter,
  fields: DraftFields,
  totalMinor: bigint,
) {
  return tx
    .insertInto('invoices')
    .values({
      id: randomUUID(),
      firm_id: caller.firmId,
      client_id: matter.client_id,
      matter_id: matter.id,
      status: 'DRAFT',
      invoice_number: null,
      period_start: fields.periodStart,
      period_end: fields.periodEnd,
      invoice_date: null,
      due_date: null,
      payment_terms_days: matter.payment_terms_days,
      currency: matter.currency,
      tax_rate_ppm: matter.tax_rate_ppm,
      total_minor: totalMinor,
      late_fees_assessed_through: null,
      overdue_reported_on: null,
      issued_at: null,
      voided_at: null,
      void_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const adjustInput = z.object({
  invoiceId: input.id,
  lineId: input.id,
  adjustment: input.money,
  reason: input.text,
});

/** Writes a draft's line down (negative) or up, with a reason; the tax and total follow. */
export async function adjustInvoiceLine(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(adjustInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const invoice = await lockInvoice(tx, caller, fields.invoiceId);
    assertDraft(invoice);
    assertCurrency(fields.adjustment, invoice.currency, 'adjustment');
    const lines = await linesOf(tx, invoice.id);
    const line = lines.find((candidate) => candidate.id === fields.lineId);
    if (!line) throw new NotFoundError('No such line on the invoice', { lineId: fields.lineId });
    if (line.kind === 'TAX') {
      throw new BadUserInputError({
        lineId: 'is the tax line, which follows from the other lines',
      });
    }
    if (line.base_minor + fields.adjustment.minor < 0n) {
      throw new BadUserInputError({ 'adjustment.amount': 'would take the line below zero' });
    }
    await tx
      .updateTable('invoice_lines')
      .set({ adjustment_minor: fields.adjustment.minor, adjustment_reason: fields.reason })
      .where('id', '=', line.id)
      .execute();
    const adjusted = lines.map((row) =>
      row.id === line.id ? { ...row, adjustment_minor: fields.adjustment.minor } : row,
    );
    return retax(
      tx,
      invoice,
      adjusted.filter((row) => row.kind !== 'TAX'),
    );
  });
}

/** Replaces a draft's tax line after its lines changed, and stores the new total. */
async function retax(
  tx: BillingTx,
  invoice: InvoiceRow,
  untaxed: Awaited<ReturnType<typeof linesOf>>,
) {
  await tx
    .deleteFrom('invoice_lines')
    .where('invoice_id', '=', invoice.id)
    .where('kind', '=', 'TAX')
    .execute();
  const periodEnd = invoice.period_end;
  const lines = withTax(untaxed.map(toDomainLine), invoice.tax_rate_ppm, periodEnd);
  const tax = lines.filter((line) => line.kind === 'TAX');
  const lastNumber = Math.max(0, ...untaxed.map((row) => row.line_number));
  await insertLines(tx, invoice, tax, lastNumber + 1);
  return tx
    .updateTable('invoices')
    .set({ total_minor: invoiceTotal(lines) })
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const issueInput = z.object({
  invoiceId: input.id,
  invoiceDate: input.date.nullish(),
  idempotencyKey: input.idempotencyKey,
});

/**
 * Issues a draft: the firm's next invoice number (the counter row is locked until commit, so
 * numbers have no gaps even under concurrency), its date and due date. From now on it is immutable.
 */
export async function issueInvoice(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(issueInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'issueInvoice', idempotencyKey: key, input: fields },
    async (tx) => {
      const draft = await lockInvoice(tx, caller, fields.invoiceId);
      assertDraft(draft);
      if (draft.total_minor <= 0n) {
        throw ruleBroken(
          BillingRule.NOTHING_TO_BILL,
          'The invoice total is zero: there is nothing to issue',
          {
            invoiceId: draft.id,
          },
        );
      }
      const invoiceDate = fields.invoiceDate ?? (await firmToday(tx, caller, deps.clock()));
      const { last_invoice_sequence: sequence } = await tx
        .insertInto('invoice_counters')
        .values({ firm_id: caller.firmId, last_invoice_sequence: 1n })
        .onConflict((conflict) =>
          conflict.column('firm_id').doUpdateSet({
            last_invoice_sequence: sql`invoice_counters.last_invoice_sequence + 1`,
          }),
        )
        .returning('last_invoice_sequence')
        .executeTakeFirstOrThrow();
      const invoice = await tx
        .updateTable('invoices')
        .set({
          status: 'ISSUED',
          invoice_number: invoiceNumber(sequence),
          invoice_date: invoiceDate,
          due_date: addDays(invoiceDate, draft.payment_terms_days),
          issued_at: deps.clock(),
        })
        .where('id', '=', draft.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const { lines, billedTimeEntries, billedExpenses } = await billedWorkOf(tx, invoice);
      const summary = linesSummary(lines.map(toDomainLine));
      const currency = invoice.currency;
      await emit(tx, [
        eventOf(caller, invoiceIssuedV2, invoice.id, {
          ...invoiceRef(invoice),
          invoiceDate,
          dueDate: invoice.due_date!,
          paymentTermsDays: invoice.payment_terms_days,
          periodStart: invoice.period_start,
          periodEnd: invoice.period_end,
          total: moneyJson(invoice.total_minor, currency),
          linesSummary: {
            lineCount: summary.lineCount,
            fees: moneyJson(summary.feesMinor, currency),
            expenses: moneyJson(summary.expensesMinor, currency),
            tax: moneyJson(summary.taxMinor, currency),
            adjustments: moneyJson(summary.adjustmentsMinor, currency),
          },
          billedTimeEntries,
          billedExpenses,
        }),
      ]);
      return { invoiceId: invoice.id };
    },
  );
}

export function invoiceNumber(sequence: bigint): string {
  return String(sequence).padStart(6, '0');
}

const voidInput = z.object({
  invoiceId: input.id,
  reason: input.text,
  idempotencyKey: input.idempotencyKey,
});

/** Voids a draft or an unpaid issued invoice; its work is unbilled again, its number stays used. */
export async function voidInvoice(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(voidInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'voidInvoice', idempotencyKey: key, input: fields },
    async (tx) => {
      const current = await lockInvoice(tx, caller, fields.invoiceId);
      assertVoidable(amountsOf(current));
      // Read before the work is released: what voiding an issued invoice returns to unbilled work.
      const billed = current.status === 'DRAFT' ? null : await billedWorkOf(tx, current);
      const invoice = await tx
        .updateTable('invoices')
        .set({ status: 'VOID', voided_at: deps.clock(), void_reason: fields.reason })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await Promise.all([
        tx
          .updateTable('time_entries')
          .set({ invoice_id: null })
          .where('invoice_id', '=', invoice.id)
          .execute(),
        tx
          .updateTable('expenses')
          .set({ invoice_id: null })
          .where('invoice_id', '=', invoice.id)
          .execute(),
      ]);
      if (billed) {
        await emit(tx, [
          eventOf(caller, invoiceVoidedV2, invoice.id, {
            ...invoiceRef(invoice),
            total: moneyJson(invoice.total_minor, invoice.currency),
            reason: fields.reason,
            voidedOn: await firmToday(tx, caller, deps.clock()),
            returnedTimeEntries: billed.billedTimeEntries.map((entry) => ({
              timeEntryId: entry.timeEntryId,
              amount: entry.recordedAmount,
            })),
            returnedExpenses: billed.billedExpenses.map((expense) => ({
              expenseId: expense.expenseId,
              amount: expense.recordedAmount,
            })),
          }),
        ]);
      }
      return { invoiceId: invoice.id };
    },
  );
}
