import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { BadUserInputError, ConflictError, NotFoundError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand, type Caller } from '@lexfin/service-kit';
import {
  planIsCredit,
  scheduleInstalments,
  type InstalmentFacts,
  type PlanFrequency,
} from '../../domain/arrangements';
import { localDate } from '../../domain/calendar';
import type { CollectionsDatabase, PlanStatus } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { planViewOf } from './arrangement-views';
import { CASE_WORKERS, PARTNERS, PORTAL } from '../roles';
import {
  arrangementTarget,
  openCaseOf,
  assertWithinDays,
  caseFor,
  lockedCase,
  moneyJson,
} from './arrangement-support';

type Tx = Transaction<CollectionsDatabase>;

/** Instalments as given, or a total split by count and frequency from a first date. */
export type PlanTerms =
  | { instalments: { dueOn: string; amount: Money }[] }
  | { total: Money; count: number; frequency: PlanFrequency; firstDueOn: string };

export interface PlanRequest {
  terms: PlanTerms;
  graceDays: number;
  /** The part of the instalments that is interest (zero for none). */
  interest: Money | null;
}

/** The longest a plan may run: a year of monthly instalments, or two of fortnightly ones. */
const MAX_INSTALMENTS = 52;
const MAX_PLAN_DAYS = 730;

function instalmentsOf(terms: PlanTerms): { currency: string; instalments: InstalmentFacts[] } {
  if ('instalments' in terms) {
    const currency = terms.instalments[0]!.amount.currency;
    terms.instalments.forEach((instalment, index) => {
      if (instalment.amount.currency !== currency) {
        throw new BadUserInputError({
          [`instalments.${index}.amount.currency`]: `must be ${currency}`,
        });
      }
      if (index > 0 && instalment.dueOn <= terms.instalments[index - 1]!.dueOn) {
        throw new BadUserInputError({
          [`instalments.${index}.dueOn`]: 'must be after the one before',
        });
      }
    });
    return {
      currency,
      instalments: terms.instalments.map((i) => ({ dueOn: i.dueOn, amountMinor: i.amount.minor })),
    };
  }
  if (terms.total.minor < BigInt(terms.count)) {
    throw new BadUserInputError({ total: 'must be at least one minor unit per instalment' });
  }
  return {
    currency: terms.total.currency,
    instalments: scheduleInstalments(
      terms.total.minor,
      terms.count,
      terms.frequency,
      terms.firstDueOn,
    ),
  };
}

async function agree(tx: Tx, caller: Caller, planId: string, today: string, now: Date) {
  const plan = await tx
    .updateTable('payment_plans')
    .set({ status: 'ACTIVE', started_on: today, decided_by: caller.userId })
    .where('id', '=', planId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const instalments = await tx
    .selectFrom('plan_instalments')
    .select(['due_on', 'amount_minor'])
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute();
  await emit(tx, [
    eventOf(caller, collectionsEvents.planAgreed, planId, {
      planId,
      caseId: plan.case_id,
      clientId: plan.client_id,
      invoiceIds: plan.invoice_ids,
      total: moneyJson(plan.total_minor, plan.currency),
      instalments: instalments.map((i) => ({
        dueOn: i.due_on,
        amount: moneyJson(i.amount_minor, plan.currency),
      })),
      graceDays: plan.grace_days,
      isCredit: plan.is_credit,
      agreedOn: today,
    }),
  ]);
  await putOnAgenda(tx, caller.firmId, [plan.client_id], now);
}

/**
 * A plan for the client's past-due items. An agent's plan takes effect at once unless it is
 * credit under Reg B (interest, or more than four instalments): then a partner approves it
 * first. A client's proposal waits for an agent to accept it.
 */
async function createPlan(
  tx: Tx,
  scope: CollectionsScope,
  clientId: string,
  caseId: string | null,
  request: PlanRequest,
  proposed: boolean,
) {
  const now = scope.clock();
  const { currency, instalments } = instalmentsOf(request.terms);
  if (instalments.length > MAX_INSTALMENTS) {
    throw new BadUserInputError({ count: `must be at most ${MAX_INSTALMENTS} instalments` });
  }
  const totalMinor = instalments.reduce((sum, i) => sum + i.amountMinor, 0n);
  const interestMinor = request.interest?.minor ?? 0n;
  if (request.interest !== null && request.interest.currency !== currency) {
    throw new BadUserInputError({ 'interest.currency': `must be ${currency}` });
  }
  if (interestMinor >= totalMinor) {
    throw new BadUserInputError({ interest: 'must be less than the plan total' });
  }
  const loaded = await lockedCase(tx, clientId);
  const target = arrangementTarget(
    loaded,
    now,
    Money.of(totalMinor - interestMinor, currency),
    'total',
  );
  assertWithinDays('firstDueOn', instalments[0]!.dueOn, target.today, MAX_PLAN_DAYS);
  assertWithinDays(
    'lastDueOn',
    instalments[instalments.length - 1]!.dueOn,
    target.today,
    MAX_PLAN_DAYS,
  );
  const isCredit = planIsCredit(instalments.length, interestMinor);
  const status: PlanStatus = proposed ? 'PROPOSED' : isCredit ? 'AWAITING_APPROVAL' : 'ACTIVE';
  const planId = randomUUID();
  await tx
    .insertInto('payment_plans')
    .values({
      id: planId,
      firm_id: scope.caller.firmId,
      client_id: clientId,
      case_id: caseId,
      invoice_ids: target.items.map((item) => item.invoiceId),
      currency,
      total_minor: totalMinor,
      interest_minor: interestMinor,
      grace_days: request.graceDays,
      is_credit: isCredit,
      status: proposed ? 'PROPOSED' : 'AWAITING_APPROVAL',
      proposed_by: scope.caller.userId,
      proposed_at: now,
      decided_by: null,
      started_on: null,
      outcome_on: null,
    })
    .execute();
  await tx
    .insertInto('plan_instalments')
    .values(
      instalments.map((instalment, seq) => ({
        firm_id: scope.caller.firmId,
        plan_id: planId,
        seq,
        due_on: instalment.dueOn,
        amount_minor: instalment.amountMinor,
        reminded_at: null,
        reminder_contact_id: null,
      })),
    )
    .execute();
  if (status === 'ACTIVE') await agree(tx, scope.caller, planId, target.today, now);
  return planView(tx, planId);
}

export async function planView(tx: Tx, planId: string) {
  const plan = await tx
    .selectFrom('payment_plans')
    .selectAll()
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const instalments = await tx
    .selectFrom('plan_instalments')
    .select(['due_on', 'amount_minor'])
    .where('plan_id', '=', planId)
    .orderBy('seq')
    .execute();
  return planViewOf(plan, instalments);
}

export async function createPaymentPlan(
  scope: CollectionsScope,
  request: PlanRequest & { caseId: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'createPaymentPlan', idempotencyKey, input },
    async (tx) => {
      const found = await caseFor(tx, scope.caller, input.caseId);
      return createPlan(tx, scope, found.client_id, found.id, input, false);
    },
  );
}

/** The client proposes a plan in the portal: nothing changes until an agent accepts it. */
export async function proposePaymentPlan(
  scope: CollectionsScope,
  request: Omit<PlanRequest, 'interest'> & { idempotencyKey: string },
) {
  allow(scope.caller, PORTAL);
  const { idempotencyKey, ...input } = request;
  const clientId = scope.caller.clientId!;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'proposePaymentPlan', idempotencyKey, input },
    async (tx) => {
      return createPlan(
        tx,
        scope,
        clientId,
        await openCaseOf(tx, clientId),
        { ...input, interest: null },
        true,
      );
    },
  );
}

async function decidePlan(
  scope: CollectionsScope,
  operation: string,
  request: { planId: string; idempotencyKey: string },
  from: PlanStatus,
  decide: (tx: Tx, plan: { id: string; is_credit: boolean; client_id: string }) => Promise<void>,
) {
  const { idempotencyKey, ...input } = request;
  return runCommand(scope.db, scope.caller, { operation, idempotencyKey, input }, async (tx) => {
    const plan = await tx
      .selectFrom('payment_plans')
      .select(['id', 'status', 'is_credit', 'client_id'])
      .where('id', '=', input.planId)
      .forUpdate()
      .executeTakeFirst();
    if (plan === undefined) {
      throw new NotFoundError(`Payment plan ${input.planId} does not exist`, {
        planId: input.planId,
      });
    }
    if (plan.status !== from) {
      throw new ConflictError(`The plan is ${plan.status}, not ${from}`, { planId: plan.id });
    }
    await decide(tx, plan);
    return planView(tx, plan.id);
  });
}

async function clientToday(tx: Tx, clientId: string, now: Date) {
  const client = await tx
    .selectFrom('clients')
    .select('time_zone')
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return localDate(client.time_zone, now);
}

/** An agent accepts a client's proposal; a plan that is credit then waits for a partner. */
export async function acceptPaymentPlanProposal(
  scope: CollectionsScope,
  request: { planId: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  return decidePlan(scope, 'acceptPaymentPlanProposal', request, 'PROPOSED', async (tx, plan) => {
    if (plan.is_credit) {
      await tx
        .updateTable('payment_plans')
        .set({ status: 'AWAITING_APPROVAL', decided_by: scope.caller.userId })
        .where('id', '=', plan.id)
        .execute();
      return;
    }
    const now = scope.clock();
    await agree(tx, scope.caller, plan.id, await clientToday(tx, plan.client_id, now), now);
  });
}

export async function declinePaymentPlanProposal(
  scope: CollectionsScope,
  request: { planId: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  return decidePlan(scope, 'declinePaymentPlanProposal', request, 'PROPOSED', async (tx, plan) => {
    await tx
      .updateTable('payment_plans')
      .set({ status: 'DECLINED', decided_by: scope.caller.userId })
      .where('id', '=', plan.id)
      .execute();
  });
}

/** A partner approves a plan that is credit under Reg B: it takes effect. */
export async function approvePaymentPlan(
  scope: CollectionsScope,
  request: { planId: string; idempotencyKey: string },
) {
  allow(scope.caller, PARTNERS);
  return decidePlan(scope, 'approvePaymentPlan', request, 'AWAITING_APPROVAL', async (tx, plan) => {
    const now = scope.clock();
    await agree(tx, scope.caller, plan.id, await clientToday(tx, plan.client_id, now), now);
  });
}
