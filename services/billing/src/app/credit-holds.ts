import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import {
  isHeldBy,
  placeHold,
  releaseHold,
  shownHoldReason,
  type CreditHold,
  type CreditHoldSource,
  type HeldMatter,
  type HoldOutcome,
} from '../domain/credit-holds';
import type { BillingDeps, BillingTx } from './deps';
import { lockClient, lockMatter, type MatterRow } from './loaders';
import { Roles } from './roles';

const { matterCreditHoldChangedV2 } = billingEvents;

/** The work credit's events are handled as (the consumer's system caller). */
export const CREDIT_LIMIT_WORK = 'credit-limit';

/** Who a CREDIT hold is placed by: credit's limit work, also on a matter opened in breach. */
const CREDIT_HOLDER = `system:${CREDIT_LIMIT_WORK}`;

async function holdsOf(tx: BillingTx, caller: Caller, matterId: string): Promise<CreditHold[]> {
  const rows = await tx
    .selectFrom('matter_credit_holds')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('matter_id', '=', matterId)
    .orderBy('placed_at')
    .execute();
  return rows.map((row) =>
    row.source === 'PERSON'
      ? { source: 'PERSON', placedBy: row.placed_by, reason: row.reason }
      : { source: 'CREDIT', placedBy: row.placed_by, reason: row.reason, breachId: row.breach_id! },
  );
}

/** A matter's holds for reading (the Matter's creditHolds), oldest first. */
export function creditHoldsOf(deps: BillingDeps, caller: Caller, matterId: string) {
  return inFirm(deps.db, caller, (tx) => holdsOf(tx, caller, matterId));
}

/** The matter row (locked for update: work in flight finishes first) with its holds. */
async function heldMatter(tx: BillingTx, caller: Caller, matterId: string) {
  const row = await lockMatter(tx, caller, matterId);
  return {
    row,
    matter: { id: row.id, status: row.status, holds: await holdsOf(tx, caller, row.id) },
  };
}

/** Stores one source's change, the matter's status and reason, and publishes the remaining holds. */
async function applyHoldChange(
  tx: BillingTx,
  caller: Caller,
  row: MatterRow,
  change:
    | { kind: 'PLACED'; hold: CreditHold }
    | { kind: 'RELEASED'; source: CreditHoldSource; reason: string | null },
  outcome: HoldOutcome,
) {
  if (change.kind === 'PLACED') {
    const { hold } = change;
    await tx
      .insertInto('matter_credit_holds')
      .values({
        firm_id: caller.firmId,
        matter_id: row.id,
        source: hold.source,
        placed_by: hold.placedBy,
        reason: hold.reason,
        breach_id: hold.source === 'CREDIT' ? hold.breachId : null,
      })
      .execute();
  } else {
    await tx
      .deleteFrom('matter_credit_holds')
      .where('firm_id', '=', caller.firmId)
      .where('matter_id', '=', row.id)
      .where('source', '=', change.source)
      .execute();
  }
  const matter = await tx
    .updateTable('matters')
    .set({ status: outcome.status, credit_hold_reason: shownHoldReason(outcome.holds) })
    .where('firm_id', '=', caller.firmId)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(tx, [
    eventOf(caller, matterCreditHoldChangedV2, matter.id, {
      matterId: matter.id,
      clientId: matter.client_id,
      change: change.kind,
      source: change.kind === 'PLACED' ? change.hold.source : change.source,
      holds: outcome.holds,
      releaseReason: change.kind === 'RELEASED' ? change.reason : null,
      onHold: outcome.status === 'ON_HOLD',
      changedBy: caller.userId,
    }),
  ]);
  return matter;
}

const personHoldInput = z.object({ matterId: input.id, reason: input.text });

/** A person's hold (placeMatterOnCreditHold): beside a credit hold if there is one. */
export async function placePersonHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(personHoldInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const { row, matter } = await heldMatter(tx, caller, fields.matterId);
    const hold: CreditHold = { source: 'PERSON', placedBy: caller.userId, reason: fields.reason };
    return applyHoldChange(tx, caller, row, { kind: 'PLACED', hold }, placeHold(matter, hold));
  });
}

const personReleaseInput = z.object({ matterId: input.id, reason: input.optionalText });

/** Releases the person's hold only: a credit hold stays until credit releases it. */
export async function releasePersonHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(personReleaseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const { row, matter } = await heldMatter(tx, caller, fields.matterId);
    const outcome = releaseHold(matter, 'PERSON');
    const change = { kind: 'RELEASED', source: 'PERSON', reason: fields.reason ?? null } as const;
    return applyHoldChange(tx, caller, row, change, outcome);
  });
}

/** The client's matters that are not closed, in id order (a fixed lock order). */
async function liveMatterIds(tx: BillingTx, caller: Caller, clientId: string) {
  const rows = await tx
    .selectFrom('matters')
    .select('id')
    .where('firm_id', '=', caller.firmId)
    .where('client_id', '=', clientId)
    .where('status', '!=', 'CLOSED')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

const creditHoldInput = z.object({ clientId: input.id, breachId: input.id, reason: input.text });

/** What a CREDIT hold answers: the client's breach and the sentence people read for it. */
export interface CreditBreachHold {
  clientId: string;
  breachId: string;
  reason: string;
}

/**
 * Every live matter of the client not yet held by credit gets a CREDIT hold, beside any person's
 * hold; the caller holds the client's lock. A matter credit already holds has its answer to a
 * breach in place and is left as it is.
 */
export async function placeCreditHoldsIn(tx: BillingTx, caller: Caller, breach: CreditBreachHold) {
  const changed: MatterRow[] = [];
  for (const matterId of await liveMatterIds(tx, caller, breach.clientId)) {
    const { row, matter } = await heldMatter(tx, caller, matterId);
    // A matter closed since the listing, or already held by credit, needs nothing from a breach.
    if (matter.status === 'CLOSED' || isHeldBy(matter, 'CREDIT')) continue;
    changed.push(await placeCreditHoldOn(tx, caller, row, matter, breach));
  }
  return changed;
}

/** Credit's hold on one matter, placed by credit whoever caused it (a matter opened in breach). */
export function placeCreditHoldOn(
  tx: BillingTx,
  caller: Caller,
  row: MatterRow,
  matter: HeldMatter,
  breach: CreditBreachHold,
) {
  const hold: CreditHold = {
    source: 'CREDIT',
    placedBy: CREDIT_HOLDER,
    reason: breach.reason,
    breachId: breach.breachId,
  };
  return applyHoldChange(tx, caller, row, { kind: 'PLACED', hold }, placeHold(matter, hold));
}

/** Credit's hold, for a limit breach, as a command of its own (one transaction). */
export async function placeCreditHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(creditHoldInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await lockClient(tx, caller, fields.clientId);
    return placeCreditHoldsIn(tx, caller, { ...fields, clientId: client.id });
  });
}

/**
 * Back within policy: releases the holds credit placed on the client's matters, never a
 * person's; the caller holds the client's lock.
 */
export async function releaseCreditHoldsIn(tx: BillingTx, caller: Caller, clientId: string) {
  const changed: MatterRow[] = [];
  for (const matterId of await liveMatterIds(tx, caller, clientId)) {
    const { row, matter } = await heldMatter(tx, caller, matterId);
    if (matter.status === 'CLOSED' || !isHeldBy(matter, 'CREDIT')) continue;
    const outcome = releaseHold(matter, 'CREDIT');
    changed.push(
      await applyHoldChange(
        tx,
        caller,
        row,
        { kind: 'RELEASED', source: 'CREDIT', reason: 'Back within credit policy' },
        outcome,
      ),
    );
  }
  return changed;
}

const creditReleaseInput = z.object({ clientId: input.id });

/** Releases credit's holds on the client's matters as a command of its own (one transaction). */
export async function releaseCreditHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(creditReleaseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await lockClient(tx, caller, fields.clientId);
    return releaseCreditHoldsIn(tx, caller, client.id);
  });
}
