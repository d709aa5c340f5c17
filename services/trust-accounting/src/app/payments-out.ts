import { sql } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { enqueueEvents } from '@lexfin/persistence';
import { BadUserInputError, NotFoundError, requireRole } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import type { PaymentMethod } from '../domain/payment-methods';
import { overTransfer } from '../domain/trust-errors';
import type { CommandContext } from './actor';
import { runCommand } from './command';
import { requireAccountCurrency } from './currency';
import { lowBalanceEvents } from './evergreen';
import { newEvent } from './events';
import { loadAccount, loadMatter, matterLedger } from './lookup';
import { postEntries } from './posting';
import { runBatchedCommand } from './posting-queue';
import { TRUST_BOOKKEEPERS } from './roles';
import { entryView, type EntryView } from './views';

export interface TransferTrustToOperatingInput {
  trustAccountId: string;
  invoiceId: string;
  amountMinor: bigint;
  currency: string;
  transferredOn: string;
}

/**
 * Earned fees to the operating account, against an invoice billing reported, never more than
 * its open amount less our transfers billing has not applied yet: the invoice row takes the
 * transfer conditionally, so racing transfers cannot together exceed it. Billing applies the
 * event as a TRUST payment, and its payment event releases the transfer here.
 */
export function transferTrustToOperating(
  context: CommandContext,
  idempotencyKey: string,
  input: TransferTrustToOperatingInput,
): Promise<EntryView> {
  requireRole(context.identity, ...TRUST_BOOKKEEPERS);
  return runCommand(context, 'transferTrustToOperating', idempotencyKey, input, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    requireAccountCurrency(account, input.currency);
    const invoice = await tx
      .selectFrom('invoices')
      .selectAll()
      .where('invoice_id', '=', input.invoiceId)
      .executeTakeFirst();
    if (!invoice) {
      throw new NotFoundError(
        `Invoice ${input.invoiceId} is not known: billing has not reported it as issued`,
        { invoiceId: input.invoiceId },
      );
    }
    if (invoice.currency !== account.currency) {
      throw new BadUserInputError({
        invoiceId: `is in ${invoice.currency} but the trust account holds ${account.currency}`,
      });
    }
    const reserved = await tx
      .updateTable('invoices')
      .set((eb) => ({
        unapplied_transfers_minor: eb('unapplied_transfers_minor', '+', input.amountMinor),
      }))
      .where('invoice_id', '=', invoice.invoice_id)
      .where(sql<boolean>`billing_open_minor - unapplied_transfers_minor >= ${input.amountMinor}`)
      .returning('invoice_id')
      .executeTakeFirst();
    if (!reserved) {
      const open = await tx
        .selectFrom('invoices')
        .select(sql<bigint>`greatest(0, billing_open_minor - unapplied_transfers_minor)`.as('open'))
        .where('invoice_id', '=', invoice.invoice_id)
        .executeTakeFirstOrThrow();
      throw overTransfer(open.open, input.amountMinor, account.currency, invoice.invoice_id);
    }
    const matter = await loadMatter(tx, invoice.matter_id, invoice.client_id);
    const ledger = await matterLedger(tx, account, matter);
    const [posted] = await postEntries(
      tx,
      account,
      [
        {
          ledger,
          entryType: 'TRANSFER_TO_OPERATING',
          amountMinor: -input.amountMinor,
          guarded: true,
          effectiveDate: input.transferredOn,
          description: `Earned fees, invoice ${invoice.invoice_id}`,
          counterparty: 'Operating account',
          invoiceId: invoice.invoice_id,
        },
      ],
      context.identity.userId,
    );
    const entryId = posted!.row.id;
    await tx
      .insertInto('operating_transfers')
      .values({
        firm_id: account.firm_id,
        transfer_id: entryId,
        invoice_id: invoice.invoice_id,
        client_id: matter.client_id,
        amount_minor: input.amountMinor,
        transferred_on: input.transferredOn,
      })
      .execute();
    await enqueueEvents(tx, [
      newEvent(context, trustEvents.transferToOperatingRecorded, entryId, {
        transferId: entryId,
        entryId,
        trustAccountId: account.id,
        invoiceId: invoice.invoice_id,
        clientId: matter.client_id,
        matterId: matter.matter_id,
        amount: moneyOutput(input.amountMinor, account.currency),
        transferredOn: input.transferredOn,
        paymentMethod: 'TRUST',
      }),
      ...lowBalanceEvents(context, matter, posted!),
    ]);
    return entryView(posted!.row);
  });
}

export interface RefundTrustToClientInput {
  trustAccountId: string;
  clientId: string;
  matterId: string;
  amountMinor: bigint;
  currency: string;
  method: PaymentMethod;
  refundedOn: string;
  checkNumber?: string | null;
}

export function refundTrustToClient(
  context: CommandContext,
  idempotencyKey: string,
  input: RefundTrustToClientInput,
): Promise<EntryView> {
  requireRole(context.identity, ...TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    context,
    operation: 'refundTrustToClient',
    idempotencyKey,
    input,
    trustAccountId: input.trustAccountId,
    ledger: { matterId: input.matterId, clientId: input.clientId },
    decide({ account, matter, post }) {
      requireAccountCurrency(account, input.currency);
      const posted = post({
        entryType: 'REFUND',
        amountMinor: -input.amountMinor,
        guarded: true,
        effectiveDate: input.refundedOn,
        description: 'Refund of unused trust funds to the client',
        counterparty: 'Client',
        paymentMethod: input.method,
        reference: input.checkNumber ?? null,
      });
      return {
        rows: [],
        events: [
          newEvent(context, trustEvents.refundRecorded, posted.row.id, {
            entryId: posted.row.id,
            trustAccountId: account.id,
            clientId: matter!.client_id,
            matterId: matter!.matter_id,
            amount: moneyOutput(input.amountMinor, account.currency),
            method: input.method,
            refundedOn: input.refundedOn,
          }),
        ],
        answer: () => entryView(posted.row),
      };
    },
  });
}

/** A bank charge, paid from the firm's own money kept in trust for exactly that. */
export function recordBankCharge(
  context: CommandContext,
  idempotencyKey: string,
  input: {
    trustAccountId: string;
    amountMinor: bigint;
    currency: string;
    chargedOn: string;
    description: string;
  },
): Promise<EntryView> {
  requireRole(context.identity, ...TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    context,
    operation: 'recordBankCharge',
    idempotencyKey,
    input,
    trustAccountId: input.trustAccountId,
    ledger: 'FIRM_FUNDS',
    decide({ account, post }) {
      requireAccountCurrency(account, input.currency);
      const posted = post({
        entryType: 'BANK_CHARGE',
        amountMinor: -input.amountMinor,
        guarded: true,
        effectiveDate: input.chargedOn,
        description: input.description,
        counterparty: account.bank_name,
      });
      return { rows: [], events: [], answer: () => entryView(posted.row) };
    },
  });
}
