import { z } from 'zod';
import type { Money } from '@lexfin/money';
import { BadUserInputError } from '@lexfin/platform';
import { input } from '@lexfin/service-kit';
import { openTrustAccount } from '../app/accounts';
import { recordTrustDepositReturned } from '../app/journal/deposit-returns';
import { markTrustDepositCleared, recordTrustDeposit } from '../app/journal/deposits';
import {
  approveTrustDisbursement,
  recordTrustDisbursement,
  rejectTrustDisbursement,
} from '../app/journal/disbursements';
import {
  recordBankCharge,
  refundTrustToClient,
  transferTrustToOperating,
} from '../app/journal/payments-out';
import {
  matchStatementLine,
  signOffTrustReconciliation,
  startTrustReconciliation,
  unmatchStatementLine,
} from '../app/reconciliation/reconciliations';
import { reverseTrustTransaction } from '../app/journal/reversals';
import { coverTrustShortage } from '../app/journal/shortage-covers';
import { importBankStatement } from '../app/reconciliation/statement-import';
import { lastFourDigits, plainAccountNumber } from '../domain/statements/account-match';
import {
  CSV_DATE_FORMATS,
  CSV_DECIMAL_MARKS,
  CSV_DELIMITERS,
  DEFAULT_CSV_MAPPING,
} from '../domain/statements/csv';
import { STATEMENT_FORMATS } from '../domain/statements/parse-statement';
import { DEFAULT_IMMEDIATELY_AVAILABLE, PAYMENT_METHODS } from '../domain/payment-methods';
import type { TrustScope } from '../app/trust-scope';
import type { TrustGraphQLContext } from './context';

const { date, id, idempotencyKey, optionalText, text } = input;
const method = input.oneOf(PAYMENT_METHODS);

/** The command's input with its amount as the app takes it: minor units and currency. */
function withAmount<T extends { amount: Money }>({ amount, ...rest }: T) {
  return { ...rest, amountMinor: amount.minor, currency: amount.currency };
}

type Resolver = (parent: unknown, args: unknown, context: TrustGraphQLContext) => Promise<unknown>;

function mutation<S extends z.ZodType>(
  schema: S,
  run: (trust: TrustScope, args: z.output<S>) => Promise<unknown>,
): Resolver {
  return (_parent, args, context) => run(context.trust, input.parseInput(schema, args));
}

export const mutationResolvers: Record<string, Resolver> = {
  openTrustAccount: mutation(
    z.object({
      idempotencyKey,
      input: z
        .object({
          name: text,
          kind: input.oneOf(['IOLTA', 'INTEREST_BEARING']),
          currency: input.currency,
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
          disbursementApprovalThreshold: input.money,
          immediatelyAvailableMethods: z.array(method).nullish(),
        })
        .superRefine((account, ctx) => {
          if (!account.accountNumber && !account.accountLast4) {
            ctx.addIssue({
              code: 'custom',
              path: ['accountNumber'],
              message:
                'is needed to match bank statements to this account (or, at least, accountLast4)',
            });
          } else if (
            account.accountNumber &&
            account.accountLast4 &&
            lastFourDigits(account.accountNumber) !== account.accountLast4
          ) {
            ctx.addIssue({
              code: 'custom',
              path: ['accountLast4'],
              message: 'is not the last 4 digits of accountNumber',
            });
          }
        }),
    }),
    (
      trust,
      { idempotencyKey, input: { disbursementApprovalThreshold: threshold, ...account } },
    ) => {
      if (threshold.currency !== account.currency || threshold.isNegative()) {
        throw new BadUserInputError({
          'input.disbursementApprovalThreshold': `must be zero or more, in ${account.currency}`,
        });
      }
      return openTrustAccount(trust, idempotencyKey, {
        ...account,
        accountLast4: account.accountNumber
          ? lastFourDigits(account.accountNumber)
          : account.accountLast4!,
        disbursementApprovalThresholdMinor: threshold.minor,
        immediatelyAvailableMethods:
          account.immediatelyAvailableMethods ?? DEFAULT_IMMEDIATELY_AVAILABLE,
      });
    },
  ),
  recordTrustDeposit: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        fundsOwner: input.oneOf(['CLIENT', 'FIRM']),
        clientId: id.nullish(),
        matterId: id.nullish(),
        amount: input.positiveMoney,
        method,
        receivedOn: date,
        payor: text,
        reference: optionalText,
      }),
    }),
    (trust, { idempotencyKey, input: deposit }) =>
      recordTrustDeposit(trust, idempotencyKey, withAmount(deposit)),
  ),
  markTrustDepositCleared: mutation(
    z.object({ idempotencyKey, depositId: id, clearedOn: date }),
    (trust, { idempotencyKey, ...clearing }) =>
      markTrustDepositCleared(trust, idempotencyKey, clearing),
  ),
  recordTrustDepositReturned: mutation(
    z.object({ idempotencyKey, depositId: id, returnedOn: date, reason: text }),
    (trust, { idempotencyKey, ...returned }) =>
      recordTrustDepositReturned(trust, idempotencyKey, returned),
  ),
  recordTrustDisbursement: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        clientId: id,
        matterId: id,
        amount: input.positiveMoney,
        payee: text,
        purpose: text,
        method,
        checkNumber: optionalText,
        paidOn: date,
      }),
    }),
    (trust, { idempotencyKey, input: disbursement }) =>
      recordTrustDisbursement(trust, idempotencyKey, withAmount(disbursement)),
  ),
  approveTrustDisbursement: mutation(
    z.object({ idempotencyKey, disbursementId: id }),
    (trust, { idempotencyKey, ...approval }) =>
      approveTrustDisbursement(trust, idempotencyKey, approval),
  ),
  rejectTrustDisbursement: mutation(
    z.object({ idempotencyKey, disbursementId: id, reason: text }),
    (trust, { idempotencyKey, ...rejection }) =>
      rejectTrustDisbursement(trust, idempotencyKey, rejection),
  ),
  transferTrustToOperating: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        invoiceId: id,
        amount: input.positiveMoney,
        transferredOn: date,
      }),
    }),
    (trust, { idempotencyKey, input: transfer }) =>
      transferTrustToOperating(trust, idempotencyKey, withAmount(transfer)),
  ),
  refundTrustToClient: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        clientId: id,
        matterId: id,
        amount: input.positiveMoney,
        method,
        refundedOn: date,
        checkNumber: optionalText,
      }),
    }),
    (trust, { idempotencyKey, input: refund }) =>
      refundTrustToClient(trust, idempotencyKey, withAmount(refund)),
  ),
  reverseTrustTransaction: mutation(
    z.object({ idempotencyKey, entryId: id, reason: text, reversedOn: date }),
    (trust, { idempotencyKey, ...reversal }) =>
      reverseTrustTransaction(trust, idempotencyKey, reversal),
  ),
  coverTrustShortage: mutation(
    z.object({
      idempotencyKey,
      shortageId: id,
      amount: input.positiveMoney,
      reference: text,
      coveredOn: date,
    }),
    (trust, { idempotencyKey, ...cover }) =>
      coverTrustShortage(trust, idempotencyKey, withAmount(cover)),
  ),
  recordBankCharge: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        amount: input.positiveMoney,
        chargedOn: date,
        description: text,
      }),
    }),
    (trust, { idempotencyKey, input: charge }) =>
      recordBankCharge(trust, idempotencyKey, withAmount(charge)),
  ),
  importBankStatement: mutation(
    z.object({
      idempotencyKey,
      input: z.object({
        trustAccountId: id,
        format: input.oneOf(STATEMENT_FORMATS),
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
            dateFormat: input.oneOf(CSV_DATE_FORMATS),
            delimiter: input.oneOf(CSV_DELIMITERS).nullish(),
            decimalMark: input.oneOf(CSV_DECIMAL_MARKS).nullish(),
          })
          .nullish(),
      }),
    }),
    (trust, { idempotencyKey, input: statement }) =>
      importBankStatement(trust, idempotencyKey, {
        ...statement,
        csvMapping: statement.csvMapping ?? DEFAULT_CSV_MAPPING,
      }),
  ),
  startTrustReconciliation: mutation(
    z.object({
      idempotencyKey,
      input: z.object({ trustAccountId: id, periodEnd: date, statementBalance: input.money }),
    }),
    (trust, { idempotencyKey, input: period }) =>
      startTrustReconciliation(trust, idempotencyKey, {
        trustAccountId: period.trustAccountId,
        periodEnd: period.periodEnd,
        statementBalanceMinor: period.statementBalance.minor,
        currency: period.statementBalance.currency,
      }),
  ),
  matchStatementLine: mutation(
    z.object({ reconciliationId: id, statementLineId: id, entryId: id }),
    (trust, match) => matchStatementLine(trust, match),
  ),
  unmatchStatementLine: mutation(
    z.object({ reconciliationId: id, statementLineId: id }),
    (trust, unmatch) => unmatchStatementLine(trust, unmatch),
  ),
  signOffTrustReconciliation: mutation(
    z.object({ idempotencyKey, reconciliationId: id }),
    (trust, { idempotencyKey, ...signOff }) =>
      signOffTrustReconciliation(trust, idempotencyKey, signOff),
  ),
};
