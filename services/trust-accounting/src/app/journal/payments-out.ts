import { trustEvents } from '@lexfin/contracts';
import { BadUserInputError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf } from '@lexfin/service-kit';
import type { PaymentMethod } from '../../domain/payment-methods';
import type { TrustScope } from '../trust-scope';
import { requireAccountCurrency } from '../currency';
import { lowBalanceEvents } from './evergreen';
import { runBatchedCommand } from './engine/queue';
import { TRUST_BOOKKEEPERS } from '../roles';
import { entryView, type EntryView } from '../views';

export interface TransferTrustToOperatingInput {
  trustAccountId: string;
  invoiceId: string;
  amountMinor: bigint;
  currency: string;
  transferredOn: string;
}

/**
 * Earned fees to the operating account, against an invoice billing reported, never more than
 * its open amount less our transfers billing has not applied yet: the batch holds the invoice
 * row locked and takes each transfer against it in turn, so racing transfers cannot together
 * exceed it. Billing applies the event as a TRUST payment, and its payment event releases the
 * transfer here.
 */
export function transferTrustToOperating(
  trust: TrustScope,
  idempotencyKey: string,
  input: TransferTrustToOperatingInput,
): Promise<EntryView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    trust,
    operation: 'transferTrustToOperating',
    idempotencyKey,
    input,
    trustAccountId: input.trustAccountId,
    ledger: { invoiceId: input.invoiceId },
    decide({ account, matter, invoice, post, reserveTransfer }) {
      requireAccountCurrency(account, input.currency);
      if (invoice!.currency !== account.currency) {
        throw new BadUserInputError({
          invoiceId: `is in ${invoice!.currency} but the trust account holds ${account.currency}`,
        });
      }
      reserveTransfer(input.amountMinor);
      const posted = post({
        entryType: 'TRANSFER_TO_OPERATING',
        amountMinor: -input.amountMinor,
        guarded: true,
        effectiveDate: input.transferredOn,
        description: `Earned fees, invoice ${input.invoiceId}`,
        counterparty: 'Operating account',
        invoiceId: input.invoiceId,
      });
      const entryId = posted.row.id;
      return {
        rows: [
          {
            table: 'operating_transfers',
            row: {
              firm_id: account.firm_id,
              transfer_id: entryId,
              invoice_id: input.invoiceId,
              client_id: matter!.client_id,
              amount_minor: input.amountMinor,
              transferred_on: input.transferredOn,
            },
          },
        ],
        events: [
          eventOf(trust.caller, trustEvents.transferToOperatingRecorded, entryId, {
            transferId: entryId,
            entryId,
            trustAccountId: account.id,
            invoiceId: input.invoiceId,
            clientId: matter!.client_id,
            matterId: matter!.matter_id,
            amount: moneyOutput(input.amountMinor, account.currency),
            transferredOn: input.transferredOn,
            paymentMethod: 'TRUST',
          }),
          ...lowBalanceEvents(trust.caller, matter!, posted),
        ],
        answer: () => entryView(posted.row),
      };
    },
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
  trust: TrustScope,
  idempotencyKey: string,
  input: RefundTrustToClientInput,
): Promise<EntryView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    trust,
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
          eventOf(trust.caller, trustEvents.refundRecorded, posted.row.id, {
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
  trust: TrustScope,
  idempotencyKey: string,
  input: {
    trustAccountId: string;
    amountMinor: bigint;
    currency: string;
    chargedOn: string;
    description: string;
  },
): Promise<EntryView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    trust,
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
