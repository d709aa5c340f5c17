import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { BadUserInputError, ConflictError, NotFoundError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import { disputedByInvoice } from '../../domain/arrangements';
import { addDays, localDate } from '../../domain/calendar';
import type { CollectionsDatabase } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { CASE_WORKERS, PORTAL } from '../roles';
import { loadArrangements } from './arrangement-facts';
import { moneyJson, openCaseOf } from './arrangement-support';
import { disputeViewOf } from './arrangement-views';

type Tx = Transaction<CollectionsDatabase>;

/** A dispute a client opens in the portal goes to the matter's partner, to decide within this. */
const PORTAL_DISPUTE_DAYS = 30;

export interface DisputeRequest {
  invoiceId: string;
  lineId: string | null;
  amount: Money;
  reason: string;
  owner: string | null;
  deadline: string | null;
}

/**
 * Opens a dispute on part (or all) of an invoice: dunning stops on that amount only, messages
 * state the rest. The amount is at most what is open and not already disputed (or credited by a
 * decided dispute and not yet by billing).
 */
async function openDisputeIn(tx: Tx, scope: CollectionsScope, request: DisputeRequest) {
  const now = scope.clock();
  const invoice = await tx
    .selectFrom('invoices as i')
    .innerJoin('clients as c', 'c.client_id', 'i.client_id')
    .leftJoin('matters as m', 'm.matter_id', 'i.matter_id')
    .select([
      'i.invoice_id',
      'i.client_id',
      'i.matter_id',
      'i.open_minor',
      'i.currency',
      'c.time_zone',
      'm.responsible_partner_id',
    ])
    .where('i.invoice_id', '=', request.invoiceId)
    .forUpdate('i')
    .executeTakeFirst();
  if (
    invoice === undefined ||
    (scope.caller.clientId !== undefined && scope.caller.clientId !== invoice.client_id)
  ) {
    throw new NotFoundError(`Invoice ${request.invoiceId} does not exist`, {
      invoiceId: request.invoiceId,
    });
  }
  if (request.amount.currency !== invoice.currency) {
    throw new BadUserInputError({ 'amount.currency': `must be ${invoice.currency}` });
  }
  // Open disputes, and what a decided one is to credit until billing's credit note is in.
  const arranged = await loadArrangements(tx, invoice.client_id);
  const disputed =
    disputedByInvoice(arranged.disputes, arranged.awaitedCredits, arranged.creditNotes).get(
      invoice.invoice_id,
    ) ?? 0n;
  const free = invoice.open_minor - disputed;
  if (request.amount.minor > free) {
    throw new BadUserInputError({
      'amount.amount': `must be at most what is open and not disputed (${Money.of(free < 0n ? 0n : free, invoice.currency).toString()})`,
    });
  }
  const today = localDate(invoice.time_zone, now);
  const deadline = request.deadline ?? addDays(today, PORTAL_DISPUTE_DAYS);
  if (deadline < today) throw new BadUserInputError({ deadline: 'must be today or later' });
  const owner = request.owner ?? invoice.responsible_partner_id ?? 'unassigned';
  const caseId = await openCaseOf(tx, invoice.client_id);
  const disputeId = randomUUID();
  await tx
    .insertInto('disputes')
    .values({
      id: disputeId,
      firm_id: scope.caller.firmId,
      client_id: invoice.client_id,
      case_id: caseId,
      invoice_id: invoice.invoice_id,
      line_id: request.lineId,
      amount_minor: request.amount.minor,
      currency: invoice.currency,
      reason: request.reason,
      owner_user_id: owner,
      deadline,
      opened_by: scope.caller.userId,
      opened_at: now,
      status: 'OPEN',
      credited_minor: null,
      resolved_by: null,
      resolved_at: null,
      owner_reminded_at: null,
    })
    .execute();
  await emit(tx, [
    eventOf(scope.caller, collectionsEvents.disputeOpened, disputeId, {
      disputeId,
      caseId: caseId,
      clientId: invoice.client_id,
      invoiceId: invoice.invoice_id,
      matterId: invoice.matter_id,
      lineId: request.lineId,
      amount: moneyJson(request.amount.minor, invoice.currency),
      deadline,
      openedBy: scope.caller.userId,
    }),
  ]);
  await putOnAgenda(tx, scope.caller.firmId, [invoice.client_id], now);
  return disputeView(tx, disputeId);
}

export async function disputeView(tx: Tx, disputeId: string) {
  return disputeViewOf(
    await tx
      .selectFrom('disputes')
      .selectAll()
      .where('id', '=', disputeId)
      .executeTakeFirstOrThrow(),
  );
}

export async function openDispute(
  scope: CollectionsScope,
  request: DisputeRequest & { owner: string; deadline: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'openDispute', idempotencyKey, input },
    (tx) => openDisputeIn(tx, scope, input),
  );
}

/** The client disputes its own invoice in the portal; the matter's partner owns it. */
export async function disputeInvoice(
  scope: CollectionsScope,
  request: Omit<DisputeRequest, 'owner' | 'deadline'> & { idempotencyKey: string },
) {
  allow(scope.caller, PORTAL);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'disputeInvoice', idempotencyKey, input },
    (tx) => openDisputeIn(tx, scope, { ...input, owner: null, deadline: null }),
  );
}

/**
 * Decides a dispute. UPHELD credits the whole disputed amount and PARTIAL the amount given (less
 * than disputed): billing issues the credit note from the event. REJECTED, and the rest of a
 * PARTIAL, return to the ladder.
 */
export async function resolveDispute(
  scope: CollectionsScope,
  request: {
    disputeId: string;
    outcome: 'UPHELD' | 'REJECTED' | 'PARTIAL';
    amount: Money | null;
    reason: string;
    idempotencyKey: string;
  },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'resolveDispute', idempotencyKey, input },
    async (tx) => {
      const dispute = await tx
        .selectFrom('disputes as d')
        .innerJoin('invoices as i', 'i.invoice_id', 'd.invoice_id')
        .select([
          'd.id',
          'd.status',
          'd.amount_minor',
          'd.currency',
          'd.client_id',
          'd.case_id',
          'd.invoice_id',
          'i.matter_id',
        ])
        .where('d.id', '=', input.disputeId)
        .forUpdate('d')
        .executeTakeFirst();
      if (dispute === undefined) {
        throw new NotFoundError(`Dispute ${input.disputeId} does not exist`, {
          disputeId: input.disputeId,
        });
      }
      if (dispute.status !== 'OPEN') {
        throw new ConflictError(`The dispute is already ${dispute.status}`, {
          disputeId: dispute.id,
        });
      }
      let creditedMinor: bigint | null = null;
      if (input.outcome === 'UPHELD') creditedMinor = dispute.amount_minor;
      if (input.outcome === 'PARTIAL') {
        if (input.amount === null)
          throw new BadUserInputError({ amount: 'a partial outcome needs the amount credited' });
        if (input.amount.currency !== dispute.currency) {
          throw new BadUserInputError({ 'amount.currency': `must be ${dispute.currency}` });
        }
        if (input.amount.minor >= dispute.amount_minor) {
          throw new BadUserInputError({
            'amount.amount': 'must be less than the disputed amount (else UPHELD)',
          });
        }
        creditedMinor = input.amount.minor;
      }
      const now = scope.clock();
      await tx
        .updateTable('disputes')
        .set({
          status: input.outcome,
          credited_minor: creditedMinor,
          resolved_by: scope.caller.userId,
          resolved_at: now,
        })
        .where('id', '=', dispute.id)
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.disputeResolved, dispute.id, {
          disputeId: dispute.id,
          caseId: dispute.case_id,
          clientId: dispute.client_id,
          invoiceId: dispute.invoice_id,
          matterId: dispute.matter_id,
          outcome: input.outcome,
          disputedAmount: moneyJson(dispute.amount_minor, dispute.currency),
          creditAmount: creditedMinor === null ? null : moneyJson(creditedMinor, dispute.currency),
          reason: input.reason,
          resolvedBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [dispute.client_id], now);
      return disputeView(tx, dispute.id);
    },
  );
}
