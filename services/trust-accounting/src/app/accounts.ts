import { randomUUID } from 'node:crypto';
import { trustEvents } from '@lexfin/contracts';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import { GENESIS_HASH } from '../domain/hash-chain';
import type { PaymentMethod } from '../domain/payment-methods';
import type { TrustScope } from './trust-scope';
import { TRUST_BOOKKEEPERS } from './roles';
import { accountView, type AccountView } from './views';

export interface OpenTrustAccountInput {
  name: string;
  kind: 'IOLTA' | 'INTEREST_BEARING';
  currency: string;
  bankName: string;
  accountLast4: string;
  /** The full account number or IBAN without spaces; stored sealed. */
  accountNumber?: string | null;
  /** The bank's routing number or BIC. */
  bankId?: string | null;
  disbursementApprovalThresholdMinor: bigint;
  immediatelyAvailableMethods: readonly PaymentMethod[];
}

/** A trust bank account with its firm-funds ledger (for bank charges only). */
export function openTrustAccount(
  trust: TrustScope,
  idempotencyKey: string,
  input: OpenTrustAccountInput,
): Promise<AccountView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  const request = { operation: 'openTrustAccount', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const firmId = trust.caller.firmId;
    const id = randomUUID();
    const account = await tx
      .insertInto('trust_accounts')
      .values({
        firm_id: firmId,
        id,
        name: input.name,
        kind: input.kind,
        currency: input.currency,
        bank_name: input.bankName,
        account_last4: input.accountLast4,
        account_number_sealed: input.accountNumber
          ? trust.accountNumbers.seal(input.accountNumber, id)
          : null,
        bank_id: input.bankId ?? null,
        approval_threshold_minor: input.disbursementApprovalThresholdMinor,
        immediately_available_methods: [...input.immediatelyAvailableMethods],
        journal_head_hash: GENESIS_HASH,
        opened_by: trust.caller.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('ledgers')
      .values({
        firm_id: firmId,
        id: randomUUID(),
        trust_account_id: account.id,
        kind: 'FIRM_FUNDS',
      })
      .execute();
    await tx
      .insertInto('trust_firms')
      .values({ firm_id: firmId })
      .onConflict((conflict) => conflict.column('firm_id').doNothing())
      .execute();
    await emit(tx, [
      eventOf(trust.caller, trustEvents.accountOpened, account.id, {
        trustAccountId: account.id,
        name: account.name,
        kind: account.kind,
        currency: account.currency,
        bankName: account.bank_name,
        accountLast4: account.account_last4,
        disbursementApprovalThreshold: moneyOutput(
          account.approval_threshold_minor,
          account.currency,
        ),
      }),
    ]);
    return accountView(account);
  });
}
