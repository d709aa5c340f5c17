import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { inFirmTransaction } from '@lexfin/persistence';
import { emit, eventOf, systemCaller, type Caller } from '@lexfin/service-kit';
import { addDays, instantAt, localDate } from '../../domain/calendar';
import {
  collectionState,
  FEE_ARBITRATION_DAYS,
  type NextStep,
} from '../../domain/collection-state';
import { isMessageChannel } from '../../domain/policy';
import { nextInstalmentReminder } from '../../domain/reminders';
import type { CollectionDelivery, CollectionMessage, DeliveryOutcome } from '../../delivery';
import type { CollectionsDatabase } from '../../db/schema';
import { recordArrangementOutcomes } from './arrangement-outcomes';
import { loadCase, type LoadedCase } from './case-facts';
import { itemOf, syncCase } from './case-lifecycle';
import {
  CLAIM_LEASE_MS,
  claimContact,
  pendingClaimLapsesAt,
  recordClaimOutcome,
  releaseLapsedClaims,
  type LapsedClaim,
} from './claim-recovery';
import { composeMessage } from './compose-message';
import {
  claimInstalmentReminder,
  recordReminderOutcome,
  type ClaimedReminder,
} from './instalment-reminders';
import { storeLetter } from './letters';
import { remindDisputeOwners } from './owner-reminders';

type Tx = Transaction<CollectionsDatabase>;

const UNIQUE_VIOLATION = '23505';
/** How long a sweep holds the clients it took before another sweep may take them. */
const LEASE_MS = CLAIM_LEASE_MS;

export interface LadderDependencies {
  db: Kysely<CollectionsDatabase>;
  clock: () => Date;
  delivery: CollectionDelivery;
  /** The link in a message's opt-out line, with the contact id appended; null for none. */
  optOutBaseUrl: string | null;
}

/** A message claimed in the database, to send after the claim commits. */
interface ClaimedMessage {
  caseId: string | null;
  contactId: string;
  /** The claim's time: a retry of a lapsed claim reuses the id with a later time. */
  claimedAt: Date;
  step: NextStep;
  message: CollectionMessage;
  items: ReturnType<typeof itemOf>[];
  policyVersion: number;
}

export type StepResult =
  'NOTHING_DUE' | 'CLAIMED_ELSEWHERE' | 'WORK_ITEM' | DeliveryOutcome['status'];

/**
 * When to look at the client again: its next step or instalment reminder, the next local
 * midnight (dates move on), or when a claim still in flight would lapse, whichever comes first.
 */
async function scheduleNextLook(
  tx: Tx,
  firmId: string,
  loaded: LoadedCase,
  now: Date,
  claimLapsesAt: Date | null = null,
) {
  const state = collectionState(loaded.facts, loaded.policy, now);
  const zone = loaded.facts.client.timeZone;
  const clientId = loaded.facts.client.clientId;
  if (loaded.facts.items.length === 0) {
    await tx
      .deleteFrom('collection_agenda')
      .where('firm_id', '=', firmId)
      .where('client_id', '=', clientId)
      .execute();
    return;
  }
  const tomorrow = instantAt(zone, addDays(localDate(zone, now), 1), 0);
  const reminder = nextInstalmentReminder(loaded.facts, loaded.policy, now);
  const at = [
    state.nextStep?.at ?? tomorrow,
    tomorrow,
    claimLapsesAt ?? tomorrow,
    reminder?.at ?? tomorrow,
  ].reduce((first, candidate) => (candidate < first ? candidate : first));
  await tx
    .insertInto('collection_agenda')
    .values({ firm_id: firmId, client_id: clientId, due_at: at })
    .onConflict((conflict) =>
      conflict.columns(['firm_id', 'client_id']).doUpdateSet({ due_at: at }),
    )
    .execute();
}

async function recordSteps(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  caseId: string | null,
  step: NextStep,
  contactId: string | null,
  now: Date,
) {
  await tx
    .insertInto('ladder_steps')
    .values(
      step.invoiceIds.map((invoiceId) => ({
        firm_id: caller.firmId,
        invoice_id: invoiceId,
        stage_kind: step.stage.kind,
        client_id: loaded.facts.client.clientId,
        case_id: caseId,
        policy_version: loaded.policy.version,
        at: now,
        contact_id: contactId,
      })),
    )
    .execute();
}

/**
 * Decides and claims a client's due step in one transaction: re-derives the state from the facts
 * (a payment, pause or new limit since the step was planned changes it), and claims the step by
 * inserting its ladder_steps rows, whose key lets only one worker through. Work items are done
 * here; a message is returned to be sent after the claim commits.
 */
async function claimDueStep(
  deps: LadderDependencies,
  caller: Caller,
  clientId: string,
): Promise<{ result: StepResult; claimed?: ClaimedMessage; reminder?: ClaimedReminder }> {
  return inFirmTransaction(deps.db, caller.firmId, async (tx) => {
    const now = deps.clock();
    const first = await loadCase(tx, clientId, { lock: true });
    if (first === undefined) return { result: 'NOTHING_DUE' as const };
    const { released, lapsed } = await releaseLapsedClaims(tx, clientId, now);
    const loaded = released ? await reload(tx, clientId) : first;
    await recordArrangementOutcomes(tx, caller, loaded, now);
    const state = collectionState(loaded.facts, loaded.policy, now);
    const caseId = await syncCase(tx, caller, loaded, state, now);
    await remindDisputeOwners(tx, caller, loaded, caseId, now);
    // An instalment reminder goes before the day's ladder message: it cannot wait past its date.
    const due = nextInstalmentReminder(loaded.facts, loaded.policy, now);
    if (due !== null && due.at <= now) {
      const reminder = await claimInstalmentReminder(
        tx,
        caller,
        loaded,
        state,
        caseId,
        due,
        now,
        deps.optOutBaseUrl,
      );
      if (reminder !== null) return { result: 'NOTHING_DUE' as const, reminder };
    }
    const step = state.nextStep;
    if (step === null || step.at > now) {
      await scheduleNextLook(
        tx,
        caller.firmId,
        loaded,
        now,
        await pendingClaimLapsesAt(tx, clientId),
      );
      return { result: 'NOTHING_DUE' as const };
    }
    const items = step.invoiceIds.map((invoiceId) =>
      itemOf(
        state.items.find((item) => item.invoiceId === invoiceId)!,
        loaded.invoices.get(invoiceId)!.dueDate,
      ),
    );
    if (step.channel === null) {
      await recordSteps(tx, caller, loaded, caseId, step, null, now);
      await raiseWorkItem(tx, caller, loaded, caseId, step, items, now);
      await scheduleNextLook(tx, caller.firmId, await reload(tx, clientId), now);
      return { result: 'WORK_ITEM' as const };
    }
    const contactId = retriedContactId(lapsed, step) ?? randomUUID();
    const message = composeMessage(
      loaded,
      state,
      step,
      contactId,
      deps.optOutBaseUrl === null ? null : `${deps.optOutBaseUrl}${contactId}`,
    );
    await claimContact(tx, caller, contactId, {
      caseId,
      clientId,
      segment: loaded.facts.client.segment,
      at: now,
      channel: step.channel,
      stageKind: step.stage.kind,
      templateKey: step.stage.templateKey,
      matterIds: [...new Set(items.map((item) => item.matterId))],
      invoiceIds: step.listedInvoiceIds,
    });
    await recordSteps(tx, caller, loaded, caseId, step, contactId, now);
    return {
      result: 'NOTHING_DUE' as const,
      claimed: {
        caseId,
        contactId,
        claimedAt: now,
        step,
        message,
        items,
        policyVersion: loaded.policy.version,
      },
    };
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      return { result: 'CLAIMED_ELSEWHERE' as const };
    }
    throw error;
  });
}

/** The lapsed claim a step retries: the same stage by the same channel. */
function retriedContactId(lapsed: LapsedClaim[], step: NextStep): string | undefined {
  return lapsed.find(
    (claim) => claim.stageKind === step.stage.kind && claim.channel === step.channel,
  )?.contactId;
}

async function reload(tx: Tx, clientId: string): Promise<LoadedCase> {
  return (await loadCase(tx, clientId))!;
}

/** A step people do (a call, a partner review, the agency hand-off, a contact with no channel). */
async function raiseWorkItem(
  tx: Tx,
  caller: Caller,
  loaded: LoadedCase,
  caseId: string | null,
  step: NextStep,
  items: ReturnType<typeof itemOf>[],
  now: Date,
) {
  const kind = isMessageChannel(step.stage.channel)
    ? 'CONTACT_BY_HAND'
    : step.stage.kind === 'AGENCY_HANDOFF'
      ? 'AGENCY_HANDOFF'
      : step.stage.kind === 'WRITE_OFF_RECOMMENDATION'
        ? 'WRITE_OFF_RECOMMENDATION'
        : step.stage.channel === 'PARTNER_REVIEW'
          ? 'PARTNER_REVIEW'
          : 'CALL_TASK';
  if (caseId !== null) {
    await tx
      .insertInto('work_items')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
        client_id: loaded.facts.client.clientId,
        case_id: caseId,
        kind,
        stage_kind: step.stage.kind,
        responsible_role: step.stage.responsibleRole,
        due_on: localDate(loaded.facts.client.timeZone, now),
        invoice_ids: step.invoiceIds,
        status: 'OPEN',
        created_at: now,
        done_at: null,
        assigned_to: null,
      })
      .execute();
  }
  if (caseId === null) return;
  await emit(tx, [
    eventOf(caller, collectionsEvents.stageReached, caseId, {
      caseId,
      clientId: loaded.facts.client.clientId,
      stage: step.stage.kind,
      channel: isMessageChannel(step.stage.channel) ? 'BY_HAND' : step.stage.channel,
      responsibleRole: step.stage.responsibleRole,
      policyVersion: loaded.policy.version,
      items,
      contactId: null,
      reachedAt: now.toISOString(),
    }),
  ]);
}

/**
 * What came of a claimed message. SENT: the stage is reached (a fee-arbitration notice records
 * its delivery). BOUNCED: an attempt on a channel that no longer works; the stage is given back,
 * so the next step goes by another consented channel. FAILED: nothing left; the stage is given
 * back and tried again at the next allowed moment.
 */
async function recordOutcome(
  deps: LadderDependencies,
  caller: Caller,
  clientId: string,
  claimed: ClaimedMessage,
  outcome: DeliveryOutcome,
) {
  await inFirmTransaction(deps.db, caller.firmId, async (tx) => {
    const now = deps.clock();
    // The claim lapsed and was given back (or retried) meanwhile: the retry records its own.
    if (!(await recordClaimOutcome(tx, claimed.contactId, claimed.claimedAt, outcome))) return;
    const { step, caseId } = claimed;
    if (outcome.status !== 'SENT') {
      await tx
        .deleteFrom('ladder_steps')
        .where('client_id', '=', clientId)
        .where('contact_id', '=', claimed.contactId)
        .execute();
    }
    const events = [];
    if (outcome.status !== 'FAILED') {
      events.push(
        eventOf(caller, collectionsEvents.contactMade, claimed.contactId, {
          contactId: claimed.contactId,
          caseId,
          clientId,
          channel: step.channel!,
          outcome: outcome.status,
          stage: step.stage.kind,
          matterIds: [...new Set(claimed.items.map((item) => item.matterId))],
          invoiceIds: step.listedInvoiceIds,
          at: now.toISOString(),
          recordedBy: 'ladder',
        }),
      );
    }
    if (outcome.status === 'SENT' && caseId !== null) {
      events.push(
        eventOf(caller, collectionsEvents.stageReached, caseId, {
          caseId,
          clientId,
          stage: step.stage.kind,
          channel: step.channel!,
          responsibleRole: step.stage.responsibleRole,
          policyVersion: claimed.policyVersion,
          items: claimed.items,
          contactId: claimed.contactId,
          reachedAt: now.toISOString(),
        }),
      );
    }
    const loaded = await reload(tx, clientId);
    const sentOn = localDate(loaded.facts.client.timeZone, now);
    // A letter reaches the client the policy's mail days after it is posted; anything else the day it leaves.
    const deliveredOn =
      step.channel === 'LETTER' ? addDays(sentOn, loaded.policy.letterMailDays) : sentOn;
    if (outcome.status === 'SENT' && outcome.letterPdf !== undefined) {
      await storeLetter(tx, caller.firmId, {
        contactId: claimed.contactId,
        clientId,
        stageKind: step.stage.kind,
        pdf: outcome.letterPdf,
        postedOn: sentOn,
        deliveredOn,
        at: now,
      });
    }
    if (outcome.status === 'SENT' && step.stage.kind === 'FEE_ARBITRATION_NOTICE') {
      for (const matterId of new Set(claimed.items.map((item) => item.matterId))) {
        await tx
          .insertInto('fee_arbitration')
          .values({
            firm_id: caller.firmId,
            matter_id: matterId,
            client_id: clientId,
            delivered_on: deliveredOn,
            delivered_by: 'ladder',
            requested_on: null,
            requested_by: null,
          })
          .onConflict((conflict) => conflict.columns(['firm_id', 'matter_id']).doNothing())
          .execute();
        events.push(
          eventOf(caller, collectionsEvents.feeArbitrationNoticeDelivered, matterId, {
            clientId,
            matterId,
            caseId,
            deliveredOn,
            agencyAllowedFrom: addDays(deliveredOn, FEE_ARBITRATION_DAYS + 1),
          }),
        );
      }
    }
    await emit(tx, events);
    const arbitrationRecorded =
      outcome.status === 'SENT' && step.stage.kind === 'FEE_ARBITRATION_NOTICE';
    await scheduleNextLook(
      tx,
      caller.firmId,
      arbitrationRecorded ? await reload(tx, clientId) : loaded,
      now,
    );
  });
}

/** One client's due step, if any: decide, claim, send, record. */
export async function advanceClient(
  deps: LadderDependencies,
  firmId: string,
  clientId: string,
  correlationId: string,
): Promise<StepResult> {
  const caller = systemCaller({ firmId, work: 'collections-ladder', correlationId });
  const { result, claimed, reminder } = await claimDueStep(deps, caller, clientId);
  if (reminder !== undefined) {
    const outcome = await deliver(deps, reminder.reminder.channel, reminder.message);
    await inFirmTransaction(deps.db, caller.firmId, async (tx) => {
      const now = deps.clock();
      if (await recordReminderOutcome(tx, caller, clientId, reminder, outcome, now)) {
        await scheduleNextLook(tx, caller.firmId, await reload(tx, clientId), now);
      }
    });
    return outcome.status;
  }
  if (claimed === undefined) return result;
  const outcome = await deliver(deps, claimed.step.channel!, claimed.message);
  await recordOutcome(deps, caller, clientId, claimed, outcome);
  return outcome.status;
}

function deliver(
  deps: LadderDependencies,
  channel: NonNullable<NextStep['channel']>,
  message: CollectionMessage,
): Promise<DeliveryOutcome> {
  return deps.delivery.send(channel, message).catch((): DeliveryOutcome => ({
    status: 'FAILED',
    providerMessageId: null,
    detail: 'delivery error',
  }));
}

/**
 * Leases the clients whose agenda time has come, firm by firm (the agenda is isolated per firm;
 * `sweep_firms` lists the firms): concurrent sweeps take different ones (SKIP LOCKED), and a
 * client whose worker died comes due again when the lease runs out.
 */
async function leaseDueClients(
  deps: LadderDependencies,
  limit: number,
): Promise<{ firm_id: string; client_id: string }[]> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const firms = await deps.db.selectFrom('sweep_firms').select('firm_id').execute();
  const due: { firm_id: string; client_id: string }[] = [];
  for (const { firm_id: firmId } of firms) {
    if (due.length >= limit) break;
    const { rows } = await inFirmTransaction(deps.db, firmId, (tx) =>
      sql<{ firm_id: string; client_id: string }>`
        update collection_agenda a set due_at = ${leaseUntil}
        from (select client_id from collection_agenda
              where firm_id = ${firmId} and due_at <= ${now}
              order by due_at limit ${limit - due.length} for update skip locked) d
        where a.firm_id = ${firmId} and a.client_id = d.client_id
        returning a.firm_id, a.client_id`.execute(tx),
    );
    due.push(...rows);
  }
  return due;
}

/**
 * The sweep: every client whose agenda time has come gets its due step, on the injectable clock.
 * Production runs it every minute from a BullMQ job scheduler; tests call it directly. A missed
 * run catches up, since each client's state is derived from the facts and the moment.
 */
export async function runDueSteps(
  deps: LadderDependencies,
  options: { limit?: number; correlationId?: string; parallel?: number } = {},
): Promise<Record<StepResult, number>> {
  const due = await leaseDueClients(deps, options.limit ?? 1000);
  const counts: Record<StepResult, number> = {
    NOTHING_DUE: 0,
    CLAIMED_ELSEWHERE: 0,
    WORK_ITEM: 0,
    SENT: 0,
    BOUNCED: 0,
    FAILED: 0,
  };
  const correlationId = options.correlationId ?? randomUUID();
  let next = 0;
  const work = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      counts[await advanceClient(deps, row.firm_id, row.client_id, correlationId)] += 1;
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, work));
  return counts;
}
