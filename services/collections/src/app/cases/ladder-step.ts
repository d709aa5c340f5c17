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
import { loadCases, type LoadedCase } from './case-facts';
import { itemOf, syncCase } from './case-lifecycle';
import {
  CLAIM_LEASE_MS,
  claimedContactRow,
  pendingClaimsLapseAt,
  recordClaimOutcomes,
  releaseLapsedClaimsOf,
  type LapsedClaim,
} from './claim-recovery';
import { claimWrites, type ClaimWrites } from './claim-writes';
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
const DEADLOCK = '40P01';
/** How long a sweep holds the clients it took before another sweep may take them. */
const LEASE_MS = CLAIM_LEASE_MS;
/** Clients a sweep decides and claims in one transaction, and whose outcomes it records in one. */
const BATCH_SIZE = 100;

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
 * midnight (dates move on), or when a claim still in flight would lapse, whichever comes first;
 * null when nothing is open (the client leaves the agenda).
 */
function nextLookAt(loaded: LoadedCase, now: Date, claimLapsesAt: Date | null = null): Date | null {
  if (loaded.facts.items.length === 0) return null;
  const state = collectionState(loaded.facts, loaded.policy, now);
  const zone = loaded.facts.client.timeZone;
  const tomorrow = instantAt(zone, addDays(localDate(zone, now), 1), 0);
  const reminder = nextInstalmentReminder(loaded.facts, loaded.policy, now);
  return [
    state.nextStep?.at ?? tomorrow,
    tomorrow,
    claimLapsesAt ?? tomorrow,
    reminder?.at ?? tomorrow,
  ].reduce((first, candidate) => (candidate < first ? candidate : first));
}

/** Puts clients back on the agenda at their next look (one statement), or takes them off it. */
async function saveNextLooks(
  tx: Tx,
  firmId: string,
  looks: readonly { clientId: string; at: Date | null }[],
) {
  const dropped = looks.filter((look) => look.at === null).map((look) => look.clientId);
  const kept = looks.flatMap((look) =>
    look.at === null ? [] : [{ firm_id: firmId, client_id: look.clientId, due_at: look.at }],
  );
  if (dropped.length > 0) {
    await tx
      .deleteFrom('collection_agenda')
      .where('firm_id', '=', firmId)
      .where('client_id', 'in', dropped)
      .execute();
  }
  if (kept.length > 0) {
    await tx
      .insertInto('collection_agenda')
      .values(kept)
      .onConflict((conflict) =>
        conflict
          .columns(['firm_id', 'client_id'])
          .doUpdateSet({ due_at: (eb) => eb.ref('excluded.due_at') }),
      )
      .execute();
  }
}

async function scheduleNextLook(tx: Tx, firmId: string, loaded: LoadedCase, now: Date) {
  await saveNextLooks(tx, firmId, [
    { clientId: loaded.facts.client.clientId, at: nextLookAt(loaded, now) },
  ]);
}

/** The ladder_steps rows that claim a step: one per invoice, keyed (firm, invoice, stage). */
function stepRows(
  caller: Caller,
  loaded: LoadedCase,
  caseId: string | null,
  step: NextStep,
  contactId: string | null,
  now: Date,
) {
  return step.invoiceIds.map((invoiceId) => ({
    firm_id: caller.firmId,
    invoice_id: invoiceId,
    stage_kind: step.stage.kind,
    client_id: loaded.facts.client.clientId,
    case_id: caseId,
    policy_version: loaded.policy.version,
    at: now,
    contact_id: contactId,
  }));
}

/** What a client's look in a batch came to, and the message or reminder to send after commit. */
interface ClientClaim {
  clientId: string;
  result: StepResult;
  claimed?: ClaimedMessage;
  reminder?: ClaimedReminder;
}

/**
 * Decides and claims the due steps of a batch of the firm's clients in one transaction, each
 * client as claimDueStep does. Their rows are locked in id order; their facts and lapsed claims
 * are read one query per table.
 */
async function claimDueSteps(
  deps: LadderDependencies,
  caller: Caller,
  clientIds: readonly string[],
): Promise<ClientClaim[]> {
  return inFirmTransaction(deps.db, caller.firmId, async (tx) => {
    const now = deps.clock();
    const first = await loadCases(tx, clientIds, { lock: true });
    const found = clientIds.filter((clientId) => first.has(clientId));
    const recovery = await releaseLapsedClaimsOf(tx, found, now);
    const reloaded = await loadCases(
      tx,
      found.filter((clientId) => recovery.get(clientId)!.released),
    );
    const claims: ClientClaim[] = clientIds
      .filter((clientId) => !first.has(clientId))
      .map((clientId) => ({ clientId, result: 'NOTHING_DUE' }));
    const waiting: LoadedCase[] = [];
    const writes = claimWrites();
    for (const clientId of found) {
      const loaded = reloaded.get(clientId) ?? first.get(clientId)!;
      const claim = await claimDueStep(
        deps,
        tx,
        caller,
        writes,
        loaded,
        recovery.get(clientId)!.lapsed,
        now,
      );
      if (claim === 'NOT_YET') waiting.push(loaded);
      claims.push({ clientId, ...(claim === 'NOT_YET' ? { result: 'NOTHING_DUE' } : claim) });
    }
    await writes.flush(tx);
    const lapses = await pendingClaimsLapseAt(
      tx,
      waiting.map((loaded) => loaded.facts.client.clientId),
    );
    await saveNextLooks(
      tx,
      caller.firmId,
      waiting.map((loaded) => {
        const clientId = loaded.facts.client.clientId;
        return { clientId, at: nextLookAt(loaded, now, lapses.get(clientId) ?? null) };
      }),
    );
    return claims;
  });
}

/**
 * claimDueSteps, giving way where another worker got there first: a batch that lost a race
 * (a unique key or a deadlock) committed nothing, and its clients are taken again one by one, so
 * only the client whose step was claimed elsewhere comes out CLAIMED_ELSEWHERE.
 */
async function claimBatch(
  deps: LadderDependencies,
  caller: Caller,
  clientIds: readonly string[],
): Promise<ClientClaim[]> {
  try {
    return await claimDueSteps(deps, caller, clientIds);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (clientIds.length === 1 && code === UNIQUE_VIOLATION) {
      return [{ clientId: clientIds[0]!, result: 'CLAIMED_ELSEWHERE' }];
    }
    if (clientIds.length === 1 || (code !== UNIQUE_VIOLATION && code !== DEADLOCK)) throw error;
    const claims: ClientClaim[] = [];
    for (const clientId of clientIds) claims.push(...(await claimBatch(deps, caller, [clientId])));
    return claims;
  }
}

/**
 * Decides and claims a client's due step, in the batch's transaction with its row locked:
 * re-derives the state from the facts (a payment, pause or new limit since the step was planned
 * changes it), and claims the step by inserting its ladder_steps rows, whose key lets only one
 * worker through. Work items are done here; a message is returned to be sent after the claim
 * commits. NOT_YET: nothing is due now, the caller puts the client back on the agenda.
 */
async function claimDueStep(
  deps: LadderDependencies,
  tx: Tx,
  caller: Caller,
  writes: ClaimWrites,
  loaded: LoadedCase,
  lapsed: LapsedClaim[],
  now: Date,
): Promise<Omit<ClientClaim, 'clientId'> | 'NOT_YET'> {
  const clientId = loaded.facts.client.clientId;
  await recordArrangementOutcomes(tx, caller, loaded, now);
  const state = collectionState(loaded.facts, loaded.policy, now);
  const caseId = await syncCase(tx, caller, loaded, state, now, writes);
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
    if (reminder !== null) return { result: 'NOTHING_DUE', reminder };
  }
  const step = state.nextStep;
  if (step === null || step.at > now) return 'NOT_YET';
  const items = step.invoiceIds.map((invoiceId) =>
    itemOf(
      state.items.find((item) => item.invoiceId === invoiceId)!,
      loaded.invoices.get(invoiceId)!.dueDate,
    ),
  );
  if (step.channel === null) {
    writes.reachSteps(stepRows(caller, loaded, caseId, step, null, now));
    // The reload reads the steps just reached.
    await writes.flush(tx);
    await raiseWorkItem(tx, caller, loaded, caseId, step, items, now);
    await scheduleNextLook(tx, caller.firmId, await reload(tx, clientId), now);
    return { result: 'WORK_ITEM' };
  }
  const contactId = retriedContactId(lapsed, step) ?? randomUUID();
  const message = composeMessage(
    loaded,
    state,
    step,
    contactId,
    deps.optOutBaseUrl === null ? null : `${deps.optOutBaseUrl}${contactId}`,
  );
  writes.claimContact(
    claimedContactRow(caller, contactId, {
      caseId,
      clientId,
      segment: loaded.facts.client.segment,
      at: now,
      channel: step.channel,
      stageKind: step.stage.kind,
      templateKey: step.stage.templateKey,
      matterIds: [...new Set(items.map((item) => item.matterId))],
      invoiceIds: step.listedInvoiceIds,
    }),
  );
  writes.reachSteps(stepRows(caller, loaded, caseId, step, contactId, now));
  return {
    result: 'NOTHING_DUE',
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
}

/** The lapsed claim a step retries: the same stage by the same channel. */
function retriedContactId(lapsed: LapsedClaim[], step: NextStep): string | undefined {
  return lapsed.find(
    (claim) => claim.stageKind === step.stage.kind && claim.channel === step.channel,
  )?.contactId;
}

async function reload(tx: Tx, clientId: string): Promise<LoadedCase> {
  return (await loadCases(tx, [clientId])).get(clientId)!;
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

/** A claimed message and what came of sending it. */
interface Delivered {
  clientId: string;
  claimed: ClaimedMessage;
  outcome: DeliveryOutcome;
}

/**
 * What came of a batch's claimed messages, in one transaction. SENT: the stage is reached (a
 * fee-arbitration notice records its delivery). BOUNCED: an attempt on a channel that no longer
 * works; the stage is given back, so the next step goes by another consented channel. FAILED:
 * nothing left; the stage is given back and tried again at the next allowed moment.
 */
async function recordOutcomes(
  deps: LadderDependencies,
  caller: Caller,
  delivered: readonly Delivered[],
) {
  if (delivered.length === 0) return;
  await inFirmTransaction(deps.db, caller.firmId, async (tx) => {
    const now = deps.clock();
    const recorded = await recordClaimOutcomes(
      tx,
      delivered.map(({ claimed, outcome }) => ({
        contactId: claimed.contactId,
        claimedAt: claimed.claimedAt,
        outcome,
      })),
    );
    // A claim that lapsed and was given back (or retried) meanwhile: the retry records its own.
    const own = delivered.filter((entry) => recorded.has(entry.claimed.contactId));
    if (own.length === 0) return;
    const givenBack = own.filter((entry) => entry.outcome.status !== 'SENT');
    if (givenBack.length > 0) {
      await tx
        .deleteFrom('ladder_steps')
        .where(
          'client_id',
          'in',
          givenBack.map((entry) => entry.clientId),
        )
        .where(
          'contact_id',
          'in',
          givenBack.map((entry) => entry.claimed.contactId),
        )
        .execute();
    }
    const loadedCases = await loadCases(
      tx,
      own.map((entry) => entry.clientId),
    );
    const events = [];
    const arbitrated: string[] = [];
    for (const { clientId, claimed, outcome } of own) {
      const { step, caseId } = claimed;
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
      const loaded = loadedCases.get(clientId)!;
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
        arbitrated.push(clientId);
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
    }
    await emit(tx, events);
    // A recorded fee-arbitration delivery changes what is due next: those clients are read again.
    const arbitratedCases = await loadCases(tx, arbitrated);
    await saveNextLooks(
      tx,
      caller.firmId,
      own.map(({ clientId }) => ({
        clientId,
        at: nextLookAt(arbitratedCases.get(clientId) ?? loadedCases.get(clientId)!, now),
      })),
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
  const [result] = await advanceClients(deps, firmId, [clientId], correlationId);
  return result!;
}

/**
 * The due steps of a batch of the firm's clients: decided and claimed in one transaction, the
 * claimed messages sent at once after it commits, their outcomes recorded in one transaction.
 * An instalment reminder is sent and recorded on its own, as before.
 */
export async function advanceClients(
  deps: LadderDependencies,
  firmId: string,
  clientIds: readonly string[],
  correlationId: string,
): Promise<StepResult[]> {
  const caller = systemCaller({ firmId, work: 'collections-ladder', correlationId });
  const claims = await claimBatch(deps, caller, clientIds);
  const delivered: Delivered[] = [];
  const results = await Promise.all(
    claims.map(async ({ clientId, result, claimed, reminder }): Promise<StepResult> => {
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
      delivered.push({ clientId, claimed, outcome });
      return outcome.status;
    }),
  );
  await recordOutcomes(deps, caller, delivered);
  return results;
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
 * run catches up, since each client's state is derived from the facts and the moment. The leased
 * clients go in batches of one firm's clients, `parallel` batches at a time.
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
  const byFirm = new Map<string, string[]>();
  for (const row of due) {
    const clientIds = byFirm.get(row.firm_id);
    if (clientIds === undefined) byFirm.set(row.firm_id, [row.client_id]);
    else clientIds.push(row.client_id);
  }
  const batches = [...byFirm].flatMap(([firmId, clientIds]) =>
    Array.from({ length: Math.ceil(clientIds.length / BATCH_SIZE) }, (_, index) => ({
      firmId,
      clientIds: clientIds.slice(index * BATCH_SIZE, (index + 1) * BATCH_SIZE),
    })),
  );
  let next = 0;
  const work = async () => {
    while (next < batches.length) {
      const { firmId, clientIds } = batches[next++]!;
      for (const result of await advanceClients(deps, firmId, clientIds, correlationId)) {
        counts[result] += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 4 }, work));
  return counts;
}
