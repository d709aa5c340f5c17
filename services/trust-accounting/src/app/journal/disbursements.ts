import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { trustEvents } from '@lexfin/contracts';
import { NotFoundError } from '@lexfin/platform';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf, runCommand, type Caller } from '@lexfin/service-kit';
import type { PaymentMethod } from '../../domain/payment-methods';
import { requirePendingDisbursement } from '../../domain/row-status';
import { needsApproval, requireSecondPerson } from '../../domain/disbursement-approval';
import type { TrustDatabase } from '../../db/schema';
import type { TrustScope } from '../trust-scope';
import { requireAccountCurrency } from '../currency';
import { lowBalanceEvents } from './evergreen';
import { loadAccount, type AccountRow, type DisbursementRow, type MatterRow } from '../lookup';
import { runJournalCommand } from './engine/run';
import type { PostedEntry, Posting } from './engine/types';
import { runBatchedCommand } from './engine/queue';
import { TRUST_APPROVERS, TRUST_BOOKKEEPERS } from '../roles';
import { disbursementView, type DisbursementView } from '../views';

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
    decide({ account, matter, ledger, post, requireAvailable }) {
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
      if (needsApproval(input.amountMinor, account.approval_threshold_minor)) {
        // Waits for a second person, but the ledger must cover it now.
        requireAvailable(input.amountMinor);
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
  return runJournalCommand({
    trust,
    operation: 'approveTrustDisbursement',
    idempotencyKey,
    input,
    subject: { disbursementId: input.disbursementId },
    decide({ account, matter, subject, post }) {
      const pending = requirePendingDisbursement(subject.disbursement!, 'approved');
      requireSecondPerson(pending.requested_by, trust.caller.userId);
      const approved = { ...pending, decided_by: trust.caller.userId };
      const posted = post(disbursementPosting(approved));
      const recorded: DisbursementRow = {
        ...approved,
        status: 'RECORDED',
        entry_id: posted.row.id,
      };
      return {
        rows: [],
        changes: [
          {
            table: 'disbursements',
            id: recorded.id,
            set: {
              status: recorded.status,
              decided_by: recorded.decided_by,
              entry_id: recorded.entry_id,
            },
          },
        ],
        events: [
          eventOf(trust.caller, trustEvents.disbursementApproved, approved.id, {
            ...disbursementData(approved, matter!, account),
            approvedBy: trust.caller.userId,
          }),
          ...recordedEvents(trust.caller, recorded, matter!, account, posted),
        ],
        answer: () => disbursementView(recorded, account.currency),
      };
    },
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
  return requirePendingDisbursement(row, action);
}

function disbursementPosting(row: DisbursementRow): Posting {
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
