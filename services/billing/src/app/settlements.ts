import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { allow, emit, eventOf, input, runCommand, type Caller } from '@lexfin/service-kit';
import type { BillingTx } from './deps';
import { assertWithinOpenAmount, openAmount } from '../domain/invoice-status';
import { assertCurrency } from './billing-currency';
import type { BillingDeps } from './deps';
import { invoiceRef, moneyJson } from './invoice-events';
import { Roles } from './roles';
import { amountsOf, firmToday, lockInvoice, type InvoiceRow } from './loaders';
import { settle } from './settle';

const { creditNoteIssued, invoiceWrittenOff } = billingEvents;

const writeOffInput = z.object({
  invoiceId: input.id,
  amount: input.positiveMoney.nullish(),
  reason: input.text,
  idempotencyKey: input.idempotencyKey,
});

/** Writes off part of an open invoice, or all that is open when no amount is given; the caller approves. */
export async function writeOffInvoice(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.approval);
  const { idempotencyKey: key, ...fields } = input.parseInput(writeOffInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'writeOffInvoice', idempotencyKey: key, input: fields },
    async (tx) => {
      const invoice = await lockInvoice(tx, caller, fields.invoiceId);
      if (fields.amount) assertCurrency(fields.amount, invoice.currency, 'amount');
      const amountMinor = fields.amount?.minor ?? openAmount(amountsOf(invoice));
      assertWithinOpenAmount(amountsOf(invoice), amountMinor);
      const today = await firmToday(tx, caller, deps.clock());
      const writeOff = await writeOffIn(tx, caller, invoice, {
        amountMinor,
        reason: fields.reason,
        approvedBy: caller.userId,
        today,
      });
      return { invoiceId: invoice.id, writeOffId: writeOff.id };
    },
  );
}

const creditNoteInput = z.object({
  invoiceId: input.id,
  amount: input.positiveMoney,
  reason: input.text,
  idempotencyKey: input.idempotencyKey,
});

/** Corrects an issued invoice without touching it: a numbered credit note lowers what is open. */
export async function createCreditNote(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const { idempotencyKey: key, ...fields } = input.parseInput(creditNoteInput, args);
  return runCommand(
    deps.db,
    caller,
    { operation: 'createCreditNote', idempotencyKey: key, input: fields },
    async (tx) => {
      const invoice = await lockInvoice(tx, caller, fields.invoiceId);
      assertCurrency(fields.amount, invoice.currency, 'amount');
      assertWithinOpenAmount(amountsOf(invoice), fields.amount.minor);
      const today = await firmToday(tx, caller, deps.clock());
      const creditNote = await creditNoteIn(tx, caller, invoice, {
        amountMinor: fields.amount.minor,
        reason: fields.reason,
        today,
      });
      return { creditNoteId: creditNote.id };
    },
  );
}

/** Writes `amountMinor` off a locked invoice, approved by `approvedBy`, with its events. */
export async function writeOffIn(
  tx: BillingTx,
  caller: Caller,
  invoice: InvoiceRow,
  writeOff: { amountMinor: bigint; reason: string; approvedBy: string; today: string },
) {
  const { amountMinor, today } = writeOff;
  const row = await tx
    .insertInto('write_offs')
    .values({
      id: randomUUID(),
      firm_id: caller.firmId,
      client_id: invoice.client_id,
      invoice_id: invoice.id,
      amount_minor: amountMinor,
      currency: invoice.currency,
      reason: writeOff.reason,
      approved_by: writeOff.approvedBy,
      written_off_on: today,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const settled = await settle(tx, caller, invoice, { writtenOffMinor: amountMinor }, today);
  await emit(tx, [
    eventOf(caller, invoiceWrittenOff, invoice.id, {
      ...invoiceRef(settled.invoice),
      writeOffId: row.id,
      amount: moneyJson(amountMinor, invoice.currency),
      openAmount: moneyJson(settled.invoice.open_minor, invoice.currency),
      reason: writeOff.reason,
      approvedBy: writeOff.approvedBy,
      writtenOffOn: today,
    }),
    ...settled.events,
  ]);
  return row;
}

/** Issues a numbered credit note of `amountMinor` on a locked invoice, with its events. */
export async function creditNoteIn(
  tx: BillingTx,
  caller: Caller,
  invoice: InvoiceRow,
  credit: { amountMinor: bigint; reason: string; today: string },
) {
  const { amountMinor, today } = credit;
  const { last_credit_note_sequence: sequence } = await tx
    .updateTable('invoice_counters')
    .set({ last_credit_note_sequence: sql`last_credit_note_sequence + 1` })
    .where('firm_id', '=', caller.firmId)
    .returning('last_credit_note_sequence')
    .executeTakeFirstOrThrow();
  const creditNote = await tx
    .insertInto('credit_notes')
    .values({
      id: randomUUID(),
      firm_id: caller.firmId,
      client_id: invoice.client_id,
      invoice_id: invoice.id,
      credit_note_number: `CN-${String(sequence).padStart(6, '0')}`,
      amount_minor: amountMinor,
      currency: invoice.currency,
      reason: credit.reason,
      issued_on: today,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const settled = await settle(tx, caller, invoice, { creditedMinor: amountMinor }, today);
  await emit(tx, [
    eventOf(caller, creditNoteIssued, creditNote.id, {
      ...invoiceRef(settled.invoice),
      creditNoteId: creditNote.id,
      creditNoteNumber: creditNote.credit_note_number,
      amount: moneyJson(creditNote.amount_minor, creditNote.currency),
      openAmount: moneyJson(settled.invoice.open_minor, invoice.currency),
      reason: credit.reason,
      issuedOn: today,
    }),
    ...settled.events,
  ]);
  return creditNote;
}
