import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import type { Money } from '@lexfin/money';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import type { CollectionsDatabase } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { CASE_WORKERS, PORTAL } from '../roles';
import {
  arrangementTarget,
  openCaseOf,
  assertWithinDays,
  caseFor,
  lockedCase,
  moneyJson,
} from './arrangement-support';

type Tx = Transaction<CollectionsDatabase>;

export interface PromiseRequest {
  amount: Money;
  payBy: string;
  note: string | null;
}

/**
 * A promise to pay `amount` by `payBy` (at most the policy's days ahead) for the client's past-due
 * items: the ladder pauses for them until the promise is kept or broken.
 */
export async function makePromise(
  tx: Tx,
  scope: CollectionsScope,
  clientId: string,
  caseId: string | null,
  request: PromiseRequest,
) {
  const now = scope.clock();
  const loaded = await lockedCase(tx, clientId);
  const target = arrangementTarget(loaded, now, request.amount, 'amount');
  assertWithinDays('payBy', request.payBy, target.today, loaded.policy.arrangements.maxPromiseDays);
  const promiseId = randomUUID();
  const invoiceIds = target.items.map((item) => item.invoiceId);
  await tx
    .insertInto('promises_to_pay')
    .values({
      id: promiseId,
      firm_id: scope.caller.firmId,
      client_id: clientId,
      case_id: caseId,
      invoice_ids: invoiceIds,
      amount_minor: request.amount.minor,
      currency: request.amount.currency,
      made_on: target.today,
      pay_by: request.payBy,
      note: request.note,
      made_by: scope.caller.userId,
      made_at: now,
      outcome: null,
      outcome_on: null,
    })
    .execute();
  await emit(tx, [
    eventOf(scope.caller, collectionsEvents.promiseMade, promiseId, {
      promiseId,
      caseId,
      clientId,
      invoiceIds,
      amount: moneyJson(request.amount.minor, request.amount.currency),
      payBy: request.payBy,
      madeBy: scope.caller.userId,
    }),
  ]);
  await putOnAgenda(tx, scope.caller.firmId, [clientId], now);
  return {
    id: promiseId,
    caseId,
    amount: request.amount,
    payBy: request.payBy,
    invoiceIds,
    status: 'OPEN' as const,
  };
}

/** An agent records the client's promise on its case. */
export async function recordPromiseToPay(
  scope: CollectionsScope,
  request: PromiseRequest & { caseId: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'recordPromiseToPay', idempotencyKey, input },
    async (tx) => {
      const found = await caseFor(tx, scope.caller, input.caseId);
      return makePromise(tx, scope, found.client_id, found.id, input);
    },
  );
}

/** The client promises in the portal, within the same limits. */
export async function promiseToPay(
  scope: CollectionsScope,
  request: PromiseRequest & { idempotencyKey: string },
) {
  allow(scope.caller, PORTAL);
  const { idempotencyKey, ...input } = request;
  const clientId = scope.caller.clientId!;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'promiseToPay', idempotencyKey, input },
    async (tx) => {
      return makePromise(tx, scope, clientId, await openCaseOf(tx, clientId), input);
    },
  );
}
