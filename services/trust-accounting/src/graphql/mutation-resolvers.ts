import { z } from 'zod';
import { BadUserInputError } from '@lexfin/platform';
import { parseMoneyInput, type MoneyInput } from '@lexfin/subgraph';
import { openTrustAccount } from '../app/accounts';
import { recordTrustDepositReturned } from '../app/deposit-returns';
import { markTrustDepositCleared, recordTrustDeposit } from '../app/deposits';
import {
  approveTrustDisbursement,
  recordTrustDisbursement,
  rejectTrustDisbursement,
} from '../app/disbursements';
import {
  recordBankCharge,
  refundTrustToClient,
  transferTrustToOperating,
} from '../app/payments-out';
import {
  matchStatementLine,
  signOffTrustReconciliation,
  startTrustReconciliation,
  unmatchStatementLine,
} from '../app/reconciliations';
import { reverseTrustTransaction } from '../app/reversals';
import { importBankStatement } from '../app/statements';
import { lastFourDigits, plainAccountNumber } from '../domain/statements/account-match';
import {
  CSV_DATE_FORMATS,
  CSV_DECIMAL_MARKS,
  CSV_DELIMITERS,
  DEFAULT_CSV_MAPPING,
} from '../domain/statements/csv';
import { STATEMENT_FORMATS } from '../domain/statements/parse-statement';
import { DEFAULT_IMMEDIATELY_AVAILABLE, PAYMENT_METHODS } from '../domain/payment-methods';
import type { TrustGraphQLContext } from './context';
import { date, id, key, moneyInput, optionalText, parseArgs, positiveAmount, text } from './inputs';

const method = z.enum(PAYMENT_METHODS);

/** The input with its `amount` read strictly as a positive amount in minor units. */
function withAmount<T extends { amount: MoneyInput }>(input: T) {
  return { ...input, ...positiveAmount(input.amount, 'input.amount') };
}

type Resolver = (parent: unknown, args: unknown, context: TrustGraphQLContext) => Promise<unknown>;

function mutation<S extends z.ZodType>(
  schema: S,
  run: (context: TrustGraphQLContext, args: z.output<S>) => Promise<unknown>,
): Resolver {
  return (_parent, args, context) => run(context, parseArgs(schema, args));
}

export const mutationResolvers: Record<string, Resolver> = {
  openTrustAccount: mutation(
    z.object({
      idempotencyKey: key,
      input: z
        .object({
          name: text,
          kind: z.enum(['IOLTA', 'INTEREST_BEARING']),
          currency: z.string(),
          bankName: text,
          accountLast4: z
            .string()
            .regex(/^\d{4}$/, 'must be the last 4 digits of the account number')
            .nullish(),
          accountNumber: z
            .string()
            .transform(plainAccountNumber)
            .refine(
              (number) => /^[A-Z0-9]{4,34}$/.test(number) && lastFourDigits(number).length === 4,
              'must be the account number or IBAN (letters and digits, at least 4 digits)',
            )
            .nullish(),
          bankId: z
            .string()
            .transform(plainAccountNumber)
            .refine((code) => /^[A-Z0-9]{4,11}$/.test(code), 'must be the routing number or BIC')
            .nullish(),
          disbursementApprovalThreshold: moneyInput,
          immediatelyAvailableMethods: z.array(method).nullish(),
        })
        .superRefine((input, ctx) => {
          if (!input.accountNumber && !input.accountLast4) {
            ctx.addIssue({
              code: 'custom',
              path: ['accountNumber'],
              message:
                'is needed to match bank statements to this account (or, at least, accountLast4)',
            });
          } else if (
            input.accountNumber &&
            input.accountLast4 &&
            lastFourDigits(input.accountNumber) !== input.accountLast4
          ) {
            ctx.addIssue({
              code: 'custom',
              path: ['accountLast4'],
              message: 'is not the last 4 digits of accountNumber',
            });
          }
        }),
    }),
    (context, { idempotencyKey, input }) => {
      const field = 'input.disbursementApprovalThreshold';
      const threshold = parseMoneyInput(input.disbursementApprovalThreshold, field);
      if (threshold.currency !== input.currency || threshold.isNegative()) {
        throw new BadUserInputError({
          [field]: `must be zero or more, in ${input.currency}`,
        });
      }
      return openTrustAccount(context.command, idempotencyKey, {
        ...input,
        accountLast4: input.accountNumber
          ? lastFourDigits(input.accountNumber)
          : input.accountLast4!,
        disbursementApprovalThresholdMinor: threshold.minor,
        immediatelyAvailableMethods:
          input.immediatelyAvailableMethods ?? DEFAULT_IMMEDIATELY_AVAILABLE,
      });
    },
  ),
  recordTrustDeposit: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        fundsOwner: z.enum(['CLIENT', 'FIRM']),
        clientId: id.nullish(),
        matterId: id.nullish(),
        amount: moneyInput,
        method,
        receivedOn: date,
        payor: text,
        reference: optionalText,
      }),
    }),
    (context, { idempotencyKey, input }) =>
      recordTrustDeposit(context.command, idempotencyKey, withAmount(input)),
  ),
  markTrustDepositCleared: mutation(
    z.object({ idempotencyKey: key, depositId: id, clearedOn: date }),
    (context, { idempotencyKey, ...input }) =>
      markTrustDepositCleared(context.command, idempotencyKey, input),
  ),
  recordTrustDepositReturned: mutation(
    z.object({ idempotencyKey: key, depositId: id, returnedOn: date, reason: text }),
    (context, { idempotencyKey, ...input }) =>
      recordTrustDepositReturned(context.command, idempotencyKey, input),
  ),
  recordTrustDisbursement: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        clientId: id,
        matterId: id,
        amount: moneyInput,
        payee: text,
        purpose: text,
        method,
        checkNumber: optionalText,
        paidOn: date,
      }),
    }),
    (context, { idempotencyKey, input }) =>
      recordTrustDisbursement(context.command, idempotencyKey, withAmount(input)),
  ),
  approveTrustDisbursement: mutation(
    z.object({ idempotencyKey: key, disbursementId: id }),
    (context, { idempotencyKey, ...input }) =>
      approveTrustDisbursement(context.command, idempotencyKey, input),
  ),
  rejectTrustDisbursement: mutation(
    z.object({ idempotencyKey: key, disbursementId: id, reason: text }),
    (context, { idempotencyKey, ...input }) =>
      rejectTrustDisbursement(context.command, idempotencyKey, input),
  ),
  transferTrustToOperating: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        invoiceId: id,
        amount: moneyInput,
        transferredOn: date,
      }),
    }),
    (context, { idempotencyKey, input }) =>
      transferTrustToOperating(context.command, idempotencyKey, withAmount(input)),
  ),
  refundTrustToClient: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        clientId: id,
        matterId: id,
        amount: moneyInput,
        method,
        refundedOn: date,
        checkNumber: optionalText,
      }),
    }),
    (context, { idempotencyKey, input }) =>
      refundTrustToClient(context.command, idempotencyKey, withAmount(input)),
  ),
  reverseTrustTransaction: mutation(
    z.object({ idempotencyKey: key, entryId: id, reason: text, reversedOn: date }),
    (context, { idempotencyKey, ...input }) =>
      reverseTrustTransaction(context.command, idempotencyKey, input),
  ),
  recordBankCharge: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        amount: moneyInput,
        chargedOn: date,
        description: text,
      }),
    }),
    (context, { idempotencyKey, input }) =>
      recordBankCharge(context.command, idempotencyKey, withAmount(input)),
  ),
  importBankStatement: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({
        trustAccountId: id,
        format: z.enum(STATEMENT_FORMATS),
        fileName: text,
        content: z.string().min(1, 'the file is empty'),
        csvMapping: z
          .object({
            date: text,
            amount: optionalText,
            debit: optionalText,
            credit: optionalText,
            description: text,
            reference: optionalText,
            checkNumber: optionalText,
            dateFormat: z.enum(CSV_DATE_FORMATS),
            delimiter: z.enum(CSV_DELIMITERS).nullish(),
            decimalMark: z.enum(CSV_DECIMAL_MARKS).nullish(),
          })
          .nullish(),
      }),
    }),
    (context, { idempotencyKey, input }) =>
      importBankStatement(context.command, idempotencyKey, {
        ...input,
        csvMapping: input.csvMapping ?? DEFAULT_CSV_MAPPING,
      }),
  ),
  startTrustReconciliation: mutation(
    z.object({
      idempotencyKey: key,
      input: z.object({ trustAccountId: id, periodEnd: date, statementBalance: moneyInput }),
    }),
    (context, { idempotencyKey, input }) => {
      const balance = parseMoneyInput(input.statementBalance, 'input.statementBalance');
      return startTrustReconciliation(context.command, idempotencyKey, {
        trustAccountId: input.trustAccountId,
        periodEnd: input.periodEnd,
        statementBalanceMinor: balance.minor,
        currency: balance.currency,
      });
    },
  ),
  matchStatementLine: mutation(
    z.object({ reconciliationId: id, statementLineId: id, entryId: id }),
    (context, input) => matchStatementLine(context.command, input),
  ),
  unmatchStatementLine: mutation(
    z.object({ reconciliationId: id, statementLineId: id }),
    (context, input) => unmatchStatementLine(context.command, input),
  ),
  signOffTrustReconciliation: mutation(
    z.object({ idempotencyKey: key, reconciliationId: id }),
    (context, { idempotencyKey, ...input }) =>
      signOffTrustReconciliation(context.command, idempotencyKey, input),
  ),
};
