import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents, type EventEnvelope } from '@lexfin/contracts';
import { NotFoundError } from '@lexfin/platform';
import { allow, emit, eventOf, input, runCommand, type Caller } from '@lexfin/service-kit';
import {
  allocateExplicitly,
  allocateOldestFirst,
  type Allocation,
  type AllocationResult,
  type OpenInvoice,
} from '../domain/allocation';
import { BillingRule, ruleBroken } from '../domain/errors';
import type { PaymentMethod } from '../domain/types';
import { assertCurrency } from './billing-currency';
import type { BillingDeps, BillingTx } from './deps';
import { moneyJson } from './invoice-events';
import { Roles } from './roles';
import { firmToday, lockClient, type InvoiceRow } from './loaders';
import { lockOpenInvoices, settle } from './settle';

const { clientCreditApplied, paymentRecorded, paymentReversed } = billingEvents;

const allocationsInput = z
  .array(z.object({ invoiceId: input.id, amount: input.positiveMoney }))
  .min(1)
  .nullish();

function toOpenInvoice(invoice: InvoiceRow): OpenInvoice {
  return {
    id: invoice.id,
    dueDate: invoice.due_date!,
    invoiceNumber: invoice.invoice_number!,
    openMinor: invoice.open_minor,
  };
}

/** Explicit allocations when given (in the payment's currency), else oldest due date first. */
function allocate(
  amountMinor: bigint,
  open: readonly InvoiceRow[],
  requested: z.output<typeof allocationsInput>,
  currency: string,
): AllocationResult {
  const openInvoices = open.map(toOpenInvoice);
  if (!requested) return allocateOldestFirst(amountMinor, openInvoices);
  requested.forEach((allocation, index) => {
    assertCurrency(allocation.amount, currency, `allocations.${index}.amount`);
  });
  return allocateExplicitly(
    amountMinor,
    requested.map((allocation) => ({
      invoiceId: allocation.invoiceId,
      amountMinor: allocation.amount.minor,
    })),
    new Map(openInvoices.map((invoice) => [invoice.id, invoice])),
  );
}

/** Applies allocations to locked invoices; returns the invoice.paid events of those it settled. */
async function applyAllocations(
  tx: BillingTx,
  caller: Caller,
  open: readonly InvoiceRow[],
  allocations: readonly (Allocation & { paymentId: string })[],
  on: string,
) {
  const byId = new Map(open.map((invoice) => [invoice.id, invoice]));
  const events: EventEnvelope<unknown>[] = [];
  if (allocations.length === 0) return { events, byId };
  await tx
    .insertInto('payment_allocations')
    .values(
      allocations.map((allocation) => ({
        id: randomUUID(),
        firm_id: caller.firmId,
        payment_id: allocation.paymentId,
        invoice_id: allocation.invoiceId,
        amount_minor: allocation.amountMinor,
        applied_on: on,
      })),
    )
    .execute();
  for (const allocation of allocations) {
    const settled = await settle(
      tx,
      caller,
      byId.get(allocation.invoiceId)!,
      { paidMinor: allocation.amountMinor },
      on,
    );
    byId.set(allocation.invoiceId, settled.invoice);
    events.push(...settled.events);
  }
  return { events, byId };
}

function allocationJson(invoice: InvoiceRow, amountMinor: bigint) {
  return {
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoice_number!,
    matterId: invoice.matter_id,
    amount: moneyJson(amountMinor, invoice.currency),
  };
}

export interface NewPayment {
  clientId: string;
  method: PaymentMethod;
  amount: { minor: bigint; currency: string };
  receivedOn?: string | null;
  reference?: string | null;
  allocations?: z.output<typeof allocationsInput>;
}

/** Records a payment in `tx` and allocates it; the part not allocated is the client's credit. */
export async function recordPaymentIn(
  deps: BillingDeps,
  tx: BillingTx,
  caller: Caller,
  payment: NewPayment,
) {
  const client = await lockClient(tx, caller, payment.clientId);
  const currency = payment.amount.currency;
  const open = await lockOpenInvoices(tx, caller, client.id, currency);
  const { allocations, unappliedMinor } = allocate(
    payment.amount.minor,
    open,
    payment.allocations,
    currency,
  );
  const receivedOn = payment.receivedOn ?? (await firmToday(tx, caller, deps.clock()));
  const paymentId = randomUUID();
  await tx
    .insertInto('payments')
    .values({
      id: paymentId,
      firm_id: caller.firmId,
      client_id: client.id,
      method: payment.method,
      amount_minor: payment.amount.minor,
      unapplied_minor: unappliedMinor,
      currency,
      received_on: receivedOn,
      reference: payment.reference ?? null,
      reversed_on: null,
      reversal_reason: null,
    })
    .execute();
  const applied = await applyAllocations(
    tx,
    caller,
    open,
    allocations.map((allocation) => ({ ...allocation, paymentId })),
    receivedOn,
  );
  await emit(tx, [
    eventOf(caller, paymentRecorded, paymentId, {
      paymentId,
      clientId: client.id,
      method: payment.method,
      amount: moneyJson(payment.amount.minor, currency),
      receivedOn,
      allocations: allocations.map((allocation) =>
        allocationJson(applied.byId.get(allocation.invoiceId)!, allocation.amountMinor),
      ),
      unappliedAmount: moneyJson(unappliedMinor, currency),
    }),
    ...applied.events,
  ]);
  return { paymentId };
}

const paymentInput = z.object({
  clientId: input.id,
  method: input.oneOf(['CARD', 'ACH', 'CHECK', 'WIRE', 'TRUST']),
  amount: input.positiveMoney,
  receivedOn: input.date.nullish(),
  reference: input.optionalText,
  allocations: allocationsInput,
  idempotencyKey: input.idempotencyKey,
});

export async function recordPayment(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(paymentInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'recordPayment', idempotencyKey: key, input: fields },
    (tx) => recordPaymentIn(deps, tx, caller, fields),
  );
}

const applyCreditInput = z.object({
  clientId: input.id,
  currency: input.currency,
  allocations: allocationsInput,
  idempotencyKey: input.idempotencyKey,
});

/** Applies the client's credit (unallocated payments, oldest first) to its open invoices. */
export async function applyClientCredit(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(applyCreditInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'applyClientCredit', idempotencyKey: key, input: fields },
    async (tx) => {
      const client = await lockClient(tx, caller, fields.clientId);
      const sources = await tx
        .selectFrom('payments')
        .selectAll()
        .where('firm_id', '=', caller.firmId)
        .where('client_id', '=', client.id)
        .where('currency', '=', fields.currency)
        .where('status', '=', 'RECORDED')
        .where('unapplied_minor', '>', 0n)
        .orderBy('received_on')
        .orderBy('created_at')
        .forUpdate()
        .execute();
      const credit = sources.reduce((sum, payment) => sum + payment.unapplied_minor, 0n);
      if (credit === 0n) {
        throw ruleBroken(
          BillingRule.NO_CLIENT_CREDIT,
          `The client has no ${fields.currency} credit to apply`,
          {
            clientId: client.id,
          },
        );
      }
      const open = await lockOpenInvoices(tx, caller, client.id, fields.currency);
      const { allocations } = allocate(credit, open, fields.allocations, fields.currency);
      // Each allocation draws on the oldest credit first, so a later reversal of a payment undoes
      // exactly the allocations its money paid for.
      const drawn: (Allocation & { paymentId: string })[] = [];
      const left = new Map(sources.map((payment) => [payment.id, payment.unapplied_minor]));
      for (const allocation of allocations) {
        let needed = allocation.amountMinor;
        for (const payment of sources) {
          const available = left.get(payment.id)!;
          if (needed === 0n || available === 0n) continue;
          const take = available < needed ? available : needed;
          drawn.push({ invoiceId: allocation.invoiceId, amountMinor: take, paymentId: payment.id });
          left.set(payment.id, available - take);
          needed -= take;
        }
      }
      for (const payment of sources) {
        if (left.get(payment.id) !== payment.unapplied_minor) {
          await tx
            .updateTable('payments')
            .set({ unapplied_minor: left.get(payment.id)! })
            .where('id', '=', payment.id)
            .execute();
        }
      }
      const today = await firmToday(tx, caller, deps.clock());
      const applied = await applyAllocations(tx, caller, open, drawn, today);
      const remaining = [...left.values()].reduce((sum, value) => sum + value, 0n);
      await emit(tx, [
        eventOf(caller, clientCreditApplied, client.id, {
          clientId: client.id,
          appliedOn: today,
          allocations: drawn.map((allocation) => ({
            paymentId: allocation.paymentId,
            ...allocationJson(applied.byId.get(allocation.invoiceId)!, allocation.amountMinor),
          })),
          remainingCredit: moneyJson(remaining, fields.currency),
        }),
        ...applied.events,
      ]);
      return { clientId: client.id };
    },
  );
}

const reverseInput = z.object({
  paymentId: input.id,
  reason: input.text,
  reversedOn: input.date.nullish(),
  idempotencyKey: input.idempotencyKey,
});

/** A bounced check or a chargeback: every allocation of the payment is undone, invoices reopen. */
export async function reversePayment(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(reverseInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'reversePayment', idempotencyKey: key, input: fields },
    async (tx) => {
      const payment = await lockPaymentToReverse(tx, caller, fields.paymentId);
      const allocations = await tx
        .selectFrom('payment_allocations')
        .selectAll()
        .where('payment_id', '=', payment.id)
        .where('reversed', '=', false)
        .execute();
      const reversedOn = fields.reversedOn ?? (await firmToday(tx, caller, deps.clock()));
      const reopened = await reopenAllocations(tx, caller, allocations, reversedOn);
      await tx
        .updateTable('payment_allocations')
        .set({ reversed: true })
        .where('payment_id', '=', payment.id)
        .execute();
      await tx
        .updateTable('payments')
        .set({
          status: 'REVERSED',
          unapplied_minor: 0n,
          reversed_on: reversedOn,
          reversal_reason: fields.reason,
        })
        .where('id', '=', payment.id)
        .execute();
      await emit(tx, [
        eventOf(caller, paymentReversed, payment.id, {
          paymentId: payment.id,
          clientId: payment.client_id,
          method: payment.method,
          amount: moneyJson(payment.amount_minor, payment.currency),
          reason: fields.reason,
          reversedOn,
          reopenedAllocations: allocations.map((allocation) =>
            allocationJson(reopened.get(allocation.invoice_id)!, allocation.amount_minor),
          ),
        }),
      ]);
      return { paymentId: payment.id };
    },
  );
}

/**
 * The payment, locked, if it is not reversed yet. Client first, then the payment (and then its
 * invoices): the same order recordPayment locks in.
 */
async function lockPaymentToReverse(tx: BillingTx, caller: Caller, paymentId: string) {
  const found = await tx
    .selectFrom('payments')
    .select(['id', 'client_id'])
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', paymentId)
    .executeTakeFirst();
  if (!found) throw new NotFoundError('No such payment', { paymentId });
  await lockClient(tx, caller, found.client_id);
  const payment = await tx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', found.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (payment.status === 'REVERSED') {
    throw ruleBroken(BillingRule.PAYMENT_REVERSED, 'The payment was already reversed', {
      paymentId: payment.id,
    });
  }
  return payment;
}

/** Takes each allocation back off its invoice (locked, by id); the invoices as they end up. */
async function reopenAllocations(
  tx: BillingTx,
  caller: Caller,
  allocations: readonly { invoice_id: string; amount_minor: bigint }[],
  reversedOn: string,
): Promise<Map<string, InvoiceRow>> {
  const invoiceIds = [...new Set(allocations.map((allocation) => allocation.invoice_id))].sort();
  const invoices =
    invoiceIds.length === 0
      ? []
      : await tx
          .selectFrom('invoices')
          .selectAll()
          .where('id', 'in', invoiceIds)
          .orderBy('id')
          .forUpdate()
          .execute();
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  for (const allocation of allocations) {
    const settled = await settle(
      tx,
      caller,
      byId.get(allocation.invoice_id)!,
      { paidMinor: -allocation.amount_minor },
      reversedOn,
    );
    byId.set(allocation.invoice_id, settled.invoice);
  }
  return byId;
}
