import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { emit, eventOf, inFirm, type Caller } from '@lexfin/service-kit';
import { dailyRunDueOn } from '../domain/daily-schedule';
import { daysBetween } from '@lexfin/platform/business-dates';
import { oneOffLine } from '../domain/invoice-lines';
import { issuedStatus } from '../domain/invoice-status';
import { assessLateFee, isNewlyOverdue } from '../domain/late-fees';
import type { BillingDeps, BillingTx } from './deps';
import { insertLines } from './invoice-lines-store';
import { invoiceRef, moneyJson } from './invoice-events';
import { firmToday, lockInvoice, type InvoiceRow } from './loaders';

const { invoiceOverdue, lateFeeAssessed } = billingEvents;

export interface DailyRunResult {
  firmId: string;
  today: string;
  overdueReported: number;
  lateFeesAssessed: number;
}

/**
 * The firms whose daily run is due now: those where it is 00:15 or later on a business date the
 * run has not covered yet. The tenant directory is the one table without RLS.
 */
export async function firmsDueForDailyRun(deps: BillingDeps): Promise<string[]> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('firms')
    .select(['firm_id', 'time_zone', 'daily_run_on'])
    .orderBy('firm_id')
    .execute();
  return rows
    .filter((row) => dailyRunDueOn(row.time_zone, row.daily_run_on, now) !== null)
    .map((row) => row.firm_id);
}

/** Records that the daily run covered `date`, so later sweeps that day pass the firm by. */
export async function recordDailyRun(deps: BillingDeps, caller: Caller, date: string) {
  await deps.db
    .updateTable('firms')
    .set({ daily_run_on: date })
    .where('firm_id', '=', caller.firmId)
    .where((eb) => eb.or([eb('daily_run_on', 'is', null), eb('daily_run_on', '<', date)]))
    .execute();
}

/**
 * The daily run for one firm: each open invoice past its due date is reported overdue once and
 * charged the late fee its matter's policy asks for, as a line of its own. Safe to run twice a day:
 * what was reported or charged is recorded on the invoice.
 */
export async function runDailyBilling(deps: BillingDeps, caller: Caller): Promise<DailyRunResult> {
  const now = deps.clock();
  const { today, dueIds } = await inFirm(deps.db, caller, async (tx) => {
    const date = await firmToday(tx, caller, now);
    const due = await tx
      .selectFrom('invoices')
      .select('id')
      .where('firm_id', '=', caller.firmId)
      .where('status', 'in', ['ISSUED', 'PARTIALLY_PAID'])
      .where('due_date', '<', date)
      .orderBy('due_date')
      .orderBy('id')
      .execute();
    return { today: date, dueIds: due.map((row) => row.id) };
  });
  const result: DailyRunResult = {
    firmId: caller.firmId,
    today,
    overdueReported: 0,
    lateFeesAssessed: 0,
  };
  // One transaction per invoice: a failure on one leaves the others done, and tomorrow retries it.
  for (const invoiceId of dueIds) {
    await inFirm(deps.db, caller, async (tx) => {
      const invoice = await lockInvoice(tx, caller, invoiceId);
      if (invoice.status !== 'ISSUED' && invoice.status !== 'PARTIALLY_PAID') return;
      const events: EventEnvelope<unknown>[] = [];
      let current = invoice;
      if (isNewlyOverdue(invoice.due_date!, invoice.overdue_reported_on, today)) {
        current = await tx
          .updateTable('invoices')
          .set({ overdue_reported_on: today })
          .where('id', '=', invoice.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        events.push(overdueEvent(caller, current, today));
        result.overdueReported += 1;
      }
      const fee = await chargeLateFee(tx, caller, current, today);
      if (fee) {
        events.push(fee);
        result.lateFeesAssessed += 1;
      }
      await emit(tx, events);
    });
  }
  return result;
}

function overdueEvent(caller: Caller, invoice: InvoiceRow, today: string) {
  return eventOf(caller, invoiceOverdue, invoice.id, {
    ...invoiceRef(invoice),
    invoiceDate: invoice.invoice_date!,
    dueDate: invoice.due_date!,
    total: moneyJson(invoice.total_minor, invoice.currency),
    openAmount: moneyJson(invoice.open_minor, invoice.currency),
    daysPastDue: daysBetween(invoice.due_date!, today),
    asOf: today,
  });
}

async function chargeLateFee(tx: BillingTx, caller: Caller, invoice: InvoiceRow, today: string) {
  const matter = await tx
    .selectFrom('matters')
    .select([
      'late_fee_kind',
      'late_fee_annual_rate_ppm',
      'late_fee_flat_minor',
      'late_fee_grace_days',
    ])
    .where('id', '=', invoice.matter_id)
    .executeTakeFirstOrThrow();
  const fee = assessLateFee(
    {
      kind: matter.late_fee_kind,
      annualRatePpm: matter.late_fee_annual_rate_ppm,
      flatMinor: matter.late_fee_flat_minor,
      graceDays: matter.late_fee_grace_days,
    },
    {
      dueDate: invoice.due_date!,
      openMinor: invoice.open_minor,
      lateFeesMinor: invoice.late_fees_minor,
      assessedThrough: invoice.late_fees_assessed_through,
    },
    today,
  );
  if (!fee || matter.late_fee_kind === 'NONE') return undefined;
  const last = await tx
    .selectFrom('invoice_lines')
    .select((eb) => eb.fn.max('line_number').as('last'))
    .where('invoice_id', '=', invoice.id)
    .executeTakeFirstOrThrow();
  const description =
    matter.late_fee_kind === 'FLAT'
      ? 'Late fee'
      : `Late payment interest ${fee.from} to ${fee.through}`;
  await insertLines(
    tx,
    invoice,
    [oneOffLine('LATE_FEE', today, description, fee.amountMinor)],
    (last.last ?? 0) + 1,
  );
  const total = invoice.total_minor + fee.amountMinor;
  const updated = await tx
    .updateTable('invoices')
    .set({
      total_minor: total,
      late_fees_minor: invoice.late_fees_minor + fee.amountMinor,
      late_fees_assessed_through: fee.through,
      status: issuedStatus({
        totalMinor: total,
        paidMinor: invoice.paid_minor,
        creditedMinor: invoice.credited_minor,
        writtenOffMinor: invoice.written_off_minor,
      }),
    })
    .where('id', '=', invoice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return eventOf(caller, lateFeeAssessed, invoice.id, {
    ...invoiceRef(updated),
    amount: moneyJson(fee.amountMinor, invoice.currency),
    policy: matter.late_fee_kind,
    principal: moneyJson(fee.principalMinor, invoice.currency),
    periodFrom: fee.from,
    periodThrough: fee.through,
    assessedOn: today,
    openAmount: moneyJson(updated.open_minor, invoice.currency),
  });
}
