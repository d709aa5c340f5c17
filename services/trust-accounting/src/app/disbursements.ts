import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { ConflictError, NotFoundError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, runCommand, type Caller } from '@lexfin/service-kit';
import { refusalFor } from '../domain/available-funds';
import type { PaymentMethod } from '../domain/payment-methods';
import { selfApprovalForbidden } from '../domain/trust-errors';
import type { DisbursementsTable, TrustDatabase } from '../db/schema';
import type { TrustScope } from './trust-scope';
import { requireAccountCurrency } from './currency';
import { lowBalanceEvents } from './evergreen';
import { loadAccount, loadMatter, type AccountRow, type LedgerRow, type MatterRow } from './lookup';
import { postEntries, type PostedEntry, type Posting } from './posting';
import { runBatchedCommand } from './posting-queue';
import { TRUST_APPROVERS, TRUST_BOOKKEEPERS } from './roles';
import { disbursementView, type DisbursementView } from './views';

export interface RecordTrustDisbursementInput {
  trustAccountId: string;
  clientId: string;
  matterId: string;
  amountMinor: bigint;
  currency: string;
  payee: string;
  purpose: string;
  method: PaymentMethod;
  checkNumber?: string | null;
  paidOn: string;
}

type DisbursementRow = Selectable<DisbursementsTable>;

/**
 * Pays out of a client-matter ledger at once, or, above the account's approval threshold, waits
 * for a second person (segregation of duties). Either way the ledger must cover it now.
 */
export function recordTrustDisbursement(
  trust: TrustScope,
  idempotencyKey: string,
  input: RecordTrustDisbursementInput,
): Promise<DisbursementView> {
  allow(trust.caller, TRUST_BOOKKEEPERS);
  return runBatchedCommand({
    trust,
    operation: 'recordTrustDisbursement',
    idempotencyKey,
    input,
    trustAccountId: input.trustAccountId,
    ledger: { matterId: input.matterId, clientId: input.clientId },
    decide({ account, matter, ledger, post }) {
      requireAccountCurrency(account, input.currency);
      const requested: DisbursementRow = {
        firm_id: account.firm_id,
        id: randomUUID(),
        trust_account_id: account.id,
        ledger_id: ledger.id,
        amount_minor: input.amountMinor,
        payee: input.payee,
        purpose: input.purpose,
        method: input.method,
        check_number: input.checkNumber ?? null,
        paid_on: input.paidOn,
        status: 'PENDING_APPROVAL',
        requested_by: trust.caller.userId,
        decided_by: null,
        rejection_reason: null,
        entry_id: null,
      };
      if (input.amountMinor > account.approval_threshold_minor) {
        // Waits for a second person, but the ledger must cover it now.
        const refusal = refusalFor(
          {
            balanceMinor: ledger.balance_minor,
            unclearedMinor: ledger.uncleared_minor,
            currency: account.currency,
          },
          input.amountMinor,
        );
        if (refusal) throw refusal;
        return {
          rows: [{ table: 'disbursements', row: requested }],
          events: [
            eventOf(trust.caller, trustEvents.disbursementRequested, requested.id, {
              ...disbursementData(requested, matter!, account),
              requestedBy: requested.requested_by,
            }),
          ],
          answer: () => disbursementView(requested, account.currency),
        };
      }
      const posted = post(disbursementPosting(requested));
      const recorded: DisbursementRow = {
        ...requested,
        status: 'RECORDED',
        entry_id: posted.row.id,
      };
      return {
        rows: [{ table: 'disbursements', row: recorded }],
        events: recordedEvents(trust.caller, recorded, matter!, account, posted),
        answer: () => disbursementView(recorded, account.currency),
      };
    },
  });
}

export function approveTrustDisbursement(
  trust: TrustScope,
  idempotencyKey: string,
  input: { disbursementId: string },
): Promise<DisbursementView> {
  allow(trust.caller, TRUST_APPROVERS);
  const request = { operation: 'approveTrustDisbursement', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const pending = await lockPending(tx, input.disbursementId, 'approved');
    if (pending.requested_by === trust.caller.userId) throw selfApprovalForbidden();
    const account = await loadAccount(tx, pending.trust_account_id);
    const ledger = await tx
      .selectFrom('ledgers')
      .selectAll()
      .where('id', '=', pending.ledger_id)
      .executeTakeFirstOrThrow();
    const matter = await loadMatter(tx, ledger.matter_id!);
    const approved = { ...pending, decided_by: trust.caller.userId };
    await emit(tx, [
      eventOf(trust.caller, trustEvents.disbursementApproved, approved.id, {
        ...disbursementData(approved, matter, account),
        approvedBy: trust.caller.userId,
      }),
    ]);
    const recorded = await payOut(trust.caller, tx, account, matter, ledger, approved);
    await tx
      .updateTable('disbursements')
      .set({
        status: recorded.status,
        decided_by: recorded.decided_by,
        entry_id: recorded.entry_id,
      })
      .where('id', '=', recorded.id)
      .execute();
    return disbursementView(recorded, account.currency);
  });
}

export function rejectTrustDisbursement(
  trust: TrustScope,
  idempotencyKey: string,
  input: { disbursementId: string; reason: string },
): Promise<DisbursementView> {
  allow(trust.caller, TRUST_APPROVERS);
  const request = { operation: 'rejectTrustDisbursement', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const pending = await lockPending(tx, input.disbursementId, 'rejected');
    const account = await loadAccount(tx, pending.trust_account_id);
    const rejected = await tx
      .updateTable('disbursements')
      .set({
        status: 'REJECTED',
        decided_by: trust.caller.userId,
        rejection_reason: input.reason,
      })
      .where('id', '=', pending.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return disbursementView(rejected, account.currency);
  });
}

async function lockPending(tx: Transaction<TrustDatabase>, disbursementId: string, action: string) {
  const row = await tx
    .selectFrom('disbursements')
    .selectAll()
    .where('id', '=', disbursementId)
    .forUpdate()
    .executeTakeFirst();
  if (!row)
    throw new NotFoundError(`Disbursement ${disbursementId} does not exist`, { disbursementId });
  if (row.status !== 'PENDING_APPROVAL') {
    throw new ConflictError(
      `Disbursement ${disbursementId} is ${row.status} and cannot be ${action}`,
      {
        disbursementId,
        status: row.status,
      },
    );
  }
  return row;
}

/** Posts an approved payment from the ledger it was requested on and announces it. */
async function payOut(
  caller: Caller,
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  matter: MatterRow,
  ledger: LedgerRow,
  row: DisbursementRow,
): Promise<DisbursementRow> {
  const [posted] = await postEntries(
    tx,
    account,
    [{ ledger, ...disbursementPosting(row) }],
    caller.userId,
  );
  const recorded: DisbursementRow = { ...row, status: 'RECORDED', entry_id: posted!.row.id };
  await emit(tx, recordedEvents(caller, recorded, matter, account, posted!));
  return recorded;
}

function disbursementPosting(row: DisbursementRow): Omit<Posting, 'ledger'> {
  return {
    entryType: 'DISBURSEMENT',
    amountMinor: -row.amount_minor,
    guarded: true,
    effectiveDate: row.paid_on,
    description: row.purpose,
    counterparty: row.payee,
    paymentMethod: row.method,
    reference: row.check_number,
    sourceId: row.id,
  };
}

function recordedEvents(
  caller: Caller,
  recorded: DisbursementRow,
  matter: MatterRow,
  account: AccountRow,
  posted: PostedEntry,
) {
  return [
    eventOf(caller, trustEvents.disbursementRecorded, recorded.id, {
      ...disbursementData(recorded, matter, account),
      entryId: posted.row.id,
      paidOn: recorded.paid_on,
    }),
    ...lowBalanceEvents(caller, matter, posted),
  ];
}

function disbursementData(row: DisbursementRow, matter: MatterRow, account: AccountRow) {
  return {
    trustAccountId: account.id,
    clientId: matter.client_id,
    matterId: matter.matter_id,
    disbursementId: row.id,
    amount: moneyOutput(row.amount_minor, account.currency),
    payee: row.payee,
    purpose: row.purpose,
    method: row.method as PaymentMethod,
    checkNumber: row.check_number,
  };
}
