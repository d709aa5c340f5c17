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
  type HoldOutcome,
} from '../domain/credit-holds';
import type { BillingDeps, BillingTx } from './deps';
import { lockClient, lockMatter, type MatterRow } from './loaders';
import { Roles } from './roles';

const { matterCreditHoldChangedV2 } = billingEvents;

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

/**
 * Credit's hold, for a limit breach (the consumer of lexfin.credit.limit.breached.v1): every live
 * matter of the client not yet held by credit gets one, beside any person's hold. A matter credit
 * already holds has its answer to a breach in place and is left as it is.
 */
export async function placeCreditHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(creditHoldInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await lockClient(tx, caller, fields.clientId);
    const changed: MatterRow[] = [];
    for (const matterId of await liveMatterIds(tx, caller, client.id)) {
      const { row, matter } = await heldMatter(tx, caller, matterId);
      // A matter closed since the listing, or already held by credit, needs nothing from a breach.
      if (matter.status === 'CLOSED' || isHeldBy(matter, 'CREDIT')) continue;
      const hold: CreditHold = {
        source: 'CREDIT',
        placedBy: caller.userId,
        reason: fields.reason,
        breachId: fields.breachId,
      };
      changed.push(
        await applyHoldChange(tx, caller, row, { kind: 'PLACED', hold }, placeHold(matter, hold)),
      );
    }
    return changed;
  });
}

const creditReleaseInput = z.object({ clientId: input.id });

/**
 * Back within policy (the consumer of lexfin.credit.limit.restored.v1): releases the holds credit
 * placed on the client's matters, never a person's.
 */
export async function releaseCreditHold(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.creditHold);
  const fields = input.parseInput(creditReleaseInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await lockClient(tx, caller, fields.clientId);
    const changed: MatterRow[] = [];
    for (const matterId of await liveMatterIds(tx, caller, client.id)) {
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
  });
}
