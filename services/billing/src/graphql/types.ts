import type { Selectable } from 'kysely';
import { moneyOutput } from '@lexfin/subgraph';
import type {
  ExpenseTable,
  PaymentAllocationTable,
  PaymentTable,
  PracticeAreaTable,
  TimeEntryTable,
  TimekeeperRateTable,
  TimekeeperTable,
} from '../db/tables';
import { clientState } from '../app/clients';
import { tenthsToHours } from '../app/quantities';
import type { InvoiceLineRow } from '../app/invoice-lines-store';
import type { ClientRow, InvoiceRow, MatterRow } from '../app/loaders';
import { creditHoldsOf } from '../app/credit-holds';
import {
  allocationsOf,
  invoiceLines,
  listMatters,
  paymentsOf,
  ratesOf,
  unappliedCreditOf,
} from '../app/queries';
import type { Receivable } from '../app/queries';
import type { StatementEntry } from '../app/statement';
import { ppmToPercent } from '../domain/percent';
import type { BillingContext } from './loaders';
import { money } from './money';
import { found, visibleTo } from './visibility';

type PaymentRow = Selectable<PaymentTable>;

const clientOf = async (row: { client_id: string }, _: unknown, context: BillingContext) =>
  found(await context.load.client.load(row.client_id), 'client', row.client_id);

/** Field resolvers from database rows to the schema's types. */
export const typeResolvers = {
  Client: {
    displayName: (row: ClientRow) => row.display_name,
    billingContactName: (row: ClientRow) => row.billing_contact_name,
    billingEmail: (row: ClientRow) => row.billing_email,
    timeZone: (row: ClientRow) => row.time_zone,
    postalAddress: (row: ClientRow) => clientState(row).postalAddress,
    preferredContactChannel: (row: ClientRow) => row.preferred_contact_channel,
    contactConsent: (row: ClientRow) => clientState(row).contactConsent,
    doNotContact: (row: ClientRow) => row.do_not_contact,
    doNotContactReason: (row: ClientRow) => row.do_not_contact_reason,
    matters: (row: ClientRow, _: unknown, { deps, caller }: BillingContext) =>
      listMatters(deps, caller, { clientId: row.id }),
    payments: (row: ClientRow, _: unknown, { deps, caller }: BillingContext) =>
      paymentsOf(deps, caller, { clientId: row.id }),
    unappliedCredit: async (row: ClientRow, _: unknown, { deps, caller }: BillingContext) =>
      moneyOutput(await unappliedCreditOf(deps, caller, row.id, row.currency), row.currency),
    creditBreaches: async (row: ClientRow, _: unknown, context: BillingContext) =>
      (await context.load.creditBreaches.load(row.id)).map((breach) => ({
        id: breach.breach_id,
        currency: breach.currency,
        cause: breach.cause,
        reason: breach.reason,
        since: breach.opened_at!.toISOString(),
      })),
  },
  Matter: {
    client: clientOf,
    matterNumber: (row: MatterRow) => row.matter_number,
    responsiblePartner: (row: MatterRow, _: unknown, context: BillingContext) =>
      row.responsible_partner_id === null
        ? null
        : context.load.timekeeper.load(row.responsible_partner_id),
    originatingTimekeeper: (row: MatterRow, _: unknown, context: BillingContext) =>
      row.originating_timekeeper_id === null
        ? null
        : context.load.timekeeper.load(row.originating_timekeeper_id),
    practiceArea: (row: MatterRow, _: unknown, context: BillingContext) =>
      context.load.practiceArea.load(row.practice_area_id),
    billingArrangement: (row: MatterRow) => row.billing_arrangement,
    paymentTermsDays: (row: MatterRow) => row.payment_terms_days,
    flatFee: (row: MatterRow) =>
      row.flat_fee_minor === null ? null : moneyOutput(row.flat_fee_minor, row.currency),
    contingencyRatePercent: (row: MatterRow) =>
      row.contingency_rate_ppm === null ? null : ppmToPercent(row.contingency_rate_ppm),
    taxRatePercent: (row: MatterRow) => ppmToPercent(row.tax_rate_ppm),
    lateFeePolicy: (row: MatterRow) => ({
      kind: row.late_fee_kind,
      annualRatePercent:
        row.late_fee_kind === 'SIMPLE_INTEREST' ? ppmToPercent(row.late_fee_annual_rate_ppm) : null,
      flatAmount:
        row.late_fee_kind === 'FLAT' ? moneyOutput(row.late_fee_flat_minor, row.currency) : null,
      graceDays: row.late_fee_grace_days,
    }),
    evergreenRetainerMinimum: (row: MatterRow) =>
      row.evergreen_retainer_minimum_minor === null
        ? null
        : moneyOutput(row.evergreen_retainer_minimum_minor, row.currency),
    creditHoldReason: (row: MatterRow) => row.credit_hold_reason,
    creditHolds: (row: MatterRow, _: unknown, { deps, caller }: BillingContext) =>
      creditHoldsOf(deps, caller, row.id),
    openedOn: (row: MatterRow) => row.opened_on,
    closedOn: (row: MatterRow) => row.closed_on,
  },
  PracticeArea: {
    retired: (row: Selectable<PracticeAreaTable>) => row.retired_at !== null,
  },
  Timekeeper: {
    rates: (row: Selectable<TimekeeperTable>, _: unknown, { deps, caller }: BillingContext) =>
      ratesOf(deps, caller, row.id),
  },
  TimekeeperRate: {
    timekeeperId: (row: Selectable<TimekeeperRateTable>) => row.timekeeper_id,
    clientId: (row: Selectable<TimekeeperRateTable>) => row.client_id,
    matterId: (row: Selectable<TimekeeperRateTable>) => row.matter_id,
    effectiveFrom: (row: Selectable<TimekeeperRateTable>) => row.effective_from,
    rate: money((row: Selectable<TimekeeperRateTable>) => row.rate_minor),
  },
  TimeEntry: {
    matterId: (row: Selectable<TimeEntryTable>) => row.matter_id,
    timekeeperId: (row: Selectable<TimeEntryTable>) => row.timekeeper_id,
    workDate: (row: Selectable<TimeEntryTable>) => row.work_date,
    hours: (row: Selectable<TimeEntryTable>) => tenthsToHours(row.tenths),
    rate: money((row: Selectable<TimeEntryTable>) => row.rate_minor),
    amount: money((row: Selectable<TimeEntryTable>) => row.amount_minor),
    taskCode: (row: Selectable<TimeEntryTable>) => row.task_code,
    activityCode: (row: Selectable<TimeEntryTable>) => row.activity_code,
    invoiceId: (row: Selectable<TimeEntryTable>) => row.invoice_id,
  },
  Expense: {
    matterId: (row: Selectable<ExpenseTable>) => row.matter_id,
    incurredOn: (row: Selectable<ExpenseTable>) => row.incurred_on,
    expenseCode: (row: Selectable<ExpenseTable>) => row.expense_code,
    unitCost: money((row: Selectable<ExpenseTable>) => row.unit_cost_minor),
    amount: money((row: Selectable<ExpenseTable>) => row.amount_minor),
    invoiceId: (row: Selectable<ExpenseTable>) => row.invoice_id,
  },
  Invoice: {
    invoiceNumber: (row: InvoiceRow) => row.invoice_number,
    client: clientOf,
    matter: async (row: InvoiceRow, _: unknown, context: BillingContext) =>
      found(await context.load.matter.load(row.matter_id), 'matter', row.matter_id),
    periodStart: (row: InvoiceRow) => row.period_start,
    periodEnd: (row: InvoiceRow) => row.period_end,
    invoiceDate: (row: InvoiceRow) => row.invoice_date,
    dueDate: (row: InvoiceRow) => row.due_date,
    paymentTermsDays: (row: InvoiceRow) => row.payment_terms_days,
    taxRatePercent: (row: InvoiceRow) => ppmToPercent(row.tax_rate_ppm),
    lines: async (row: InvoiceRow, _: unknown, { deps, caller }: BillingContext) =>
      (await invoiceLines(deps, caller, row.id)).map((line) => ({
        ...line,
        currency: row.currency,
      })),
    total: money((row: InvoiceRow) => row.total_minor),
    paid: money((row: InvoiceRow) => row.paid_minor),
    credited: money((row: InvoiceRow) => row.credited_minor),
    writtenOff: money((row: InvoiceRow) => row.written_off_minor),
    lateFees: money((row: InvoiceRow) => row.late_fees_minor),
    openAmount: money((row: InvoiceRow) => (row.status === 'VOID' ? 0n : row.open_minor)),
    voidReason: (row: InvoiceRow) => row.void_reason,
  },
  InvoiceLine: {
    lineNumber: (row: InvoiceLineRow) => row.line_number,
    lineDate: (row: InvoiceLineRow) => row.line_date,
    units: (row: InvoiceLineRow) => tenthsToHours(row.units_tenths),
    unitCost: money((row: InvoiceLineRow & { currency: string }) => row.unit_cost_minor),
    baseAmount: money((row: InvoiceLineRow & { currency: string }) => row.base_minor),
    adjustment: money((row: InvoiceLineRow & { currency: string }) => row.adjustment_minor),
    adjustmentReason: (row: InvoiceLineRow) => row.adjustment_reason,
    amount: money((row: InvoiceLineRow & { currency: string }) => row.amount_minor),
    taskCode: (row: InvoiceLineRow) => row.task_code,
    activityCode: (row: InvoiceLineRow) => row.activity_code,
    expenseCode: (row: InvoiceLineRow) => row.expense_code,
    timekeeperId: (row: InvoiceLineRow) => row.timekeeper_id,
  },
  Payment: {
    client: clientOf,
    amount: money((row: PaymentRow) => row.amount_minor),
    unapplied: money((row: PaymentRow) => row.unapplied_minor),
    receivedOn: (row: PaymentRow) => row.received_on,
    reversedOn: (row: PaymentRow) => row.reversed_on,
    reversalReason: (row: PaymentRow) => row.reversal_reason,
    allocations: async (row: PaymentRow, _: unknown, { deps, caller }: BillingContext) =>
      (await allocationsOf(deps, caller, row.id)).map((allocation) => ({
        ...allocation,
        currency: row.currency,
      })),
  },
  PaymentAllocation: {
    invoice: async (row: Selectable<PaymentAllocationTable>, _: unknown, context: BillingContext) =>
      found(
        visibleTo(context.caller, await context.load.invoice.load(row.invoice_id)),
        'invoice',
        row.invoice_id,
      ),
    amount: money(
      (row: Selectable<PaymentAllocationTable> & { currency: string }) => row.amount_minor,
    ),
    appliedOn: (row: Selectable<PaymentAllocationTable>) => row.applied_on,
  },
  Receivable: {
    openAmount: (row: Receivable) => moneyOutput(row.invoice.open_minor, row.invoice.currency),
  },
  StatementEntry: {
    amount: money((row: StatementEntry & { currency: string }) => row.amountMinor),
    balance: money((row: StatementEntry & { currency: string }) => row.balanceMinor),
  },
};
