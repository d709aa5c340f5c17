import { allow, inFirm, type Caller } from '@lexfin/service-kit';
import {
  answerToBreached,
  answerToRestored,
  type CreditBreachCause,
} from '../domain/credit-breaches';
import {
  placeCreditHoldOn,
  placeCreditHoldsIn,
  releaseCreditHoldsIn,
  type CreditBreachHold,
} from './credit-holds';
import type { BillingDeps, BillingTx } from './deps';
import type { MatterRow } from './loaders';
import { Roles } from './roles';

/** A limit breached event as billing keeps it (the event id is the breach id). */
export interface ReportedBreach extends CreditBreachHold {
  currency: string;
  cause: CreditBreachCause;
  openedAt: Date;
}

/** A limit restored event: the breach it ends. */
export interface RestoredBreach {
  clientId: string;
  breachId: string;
  currency: string;
  closedAt: Date;
}

function breachesOf(tx: BillingTx, caller: Caller, clientId: string) {
  return tx
    .selectFrom('client_credit_breaches')
    .selectAll()
    .where('firm_id', '=', caller.firmId)
    .where('client_id', '=', clientId);
}

async function recordedBreach(tx: BillingTx, caller: Caller, clientId: string, breachId: string) {
  const row = await breachesOf(tx, caller, clientId)
    .where('breach_id', '=', breachId)
    .executeTakeFirst();
  return row && { opened: row.opened_at !== null, closed: row.closed_at !== null };
}

/** The client's active breaches, oldest first (a breach in its cause, reason and currency). */
function activeBreaches(tx: BillingTx, caller: Caller, clientIds: readonly string[]) {
  return tx
    .selectFrom('client_credit_breaches')
    .select(['client_id', 'breach_id', 'currency', 'cause', 'reason', 'opened_at'])
    .where('firm_id', '=', caller.firmId)
    .where('client_id', 'in', [...clientIds])
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .orderBy('breach_id')
    .execute();
}

/**
 * Credit reports a breach: recorded, and every live matter of the client goes on CREDIT hold,
 * whatever the matter's currency (it is the client that is in breach). The caller holds the
 * client's lock, which a matter being opened for the client waits on.
 */
export async function openCreditBreach(tx: BillingTx, caller: Caller, breach: ReportedBreach) {
  const recorded = await recordedBreach(tx, caller, breach.clientId, breach.breachId);
  const answer = answerToBreached(recorded);
  if (answer === 'NOTHING') return [];
  if (answer === 'RECORD_RESTORED') {
    await tx
      .updateTable('client_credit_breaches')
      .set({ cause: breach.cause, reason: breach.reason, opened_at: breach.openedAt })
      .where('firm_id', '=', caller.firmId)
      .where('client_id', '=', breach.clientId)
      .where('breach_id', '=', breach.breachId)
      .execute();
    return [];
  }
  await tx
    .insertInto('client_credit_breaches')
    .values({
      firm_id: caller.firmId,
      client_id: breach.clientId,
      breach_id: breach.breachId,
      currency: breach.currency,
      cause: breach.cause,
      reason: breach.reason,
      opened_at: breach.openedAt,
      closed_at: null,
    })
    .execute();
  return placeCreditHoldsIn(tx, caller, breach);
}

/**
 * Credit reports a breach over: closed, and with the client's last active breach the CREDIT
 * holds go. While another breach remains (another currency), the holds stay as they are, still
 * naming the breach that placed them: the client is still in breach, the client's active
 * breaches say why, and moving a hold to another breach is a change the hold's event has no
 * word for. The caller holds the client's lock.
 */
export async function closeCreditBreach(tx: BillingTx, caller: Caller, restored: RestoredBreach) {
  const recorded = await recordedBreach(tx, caller, restored.clientId, restored.breachId);
  const others = (await activeBreaches(tx, caller, [restored.clientId])).filter(
    (breach) => breach.breach_id !== restored.breachId,
  );
  const answer = answerToRestored(recorded, others.length);
  if (answer === 'NOTHING') return [];
  if (answer === 'RECORD_EARLY') {
    await tx
      .insertInto('client_credit_breaches')
      .values({
        firm_id: caller.firmId,
        client_id: restored.clientId,
        breach_id: restored.breachId,
        currency: restored.currency,
        cause: null,
        reason: null,
        opened_at: null,
        closed_at: restored.closedAt,
      })
      .execute();
    return [];
  }
  await tx
    .updateTable('client_credit_breaches')
    .set({ closed_at: restored.closedAt })
    .where('firm_id', '=', caller.firmId)
    .where('client_id', '=', restored.clientId)
    .where('breach_id', '=', restored.breachId)
    .execute();
  return answer === 'CLOSE_AND_RELEASE' ? releaseCreditHoldsIn(tx, caller, restored.clientId) : [];
}

/**
 * A matter just opened for a client in breach starts on CREDIT hold, for the client's oldest
 * active breach; the caller holds the client's lock.
 */
export async function holdIfClientInBreach(tx: BillingTx, caller: Caller, matter: MatterRow) {
  const [breach] = await activeBreaches(tx, caller, [matter.client_id]);
  if (!breach) return matter;
  return placeCreditHoldOn(
    tx,
    caller,
    matter,
    { id: matter.id, status: matter.status, holds: [] },
    { clientId: matter.client_id, breachId: breach.breach_id, reason: breach.reason! },
  );
}

/** The active breaches of many clients (the Client's creditBreaches), oldest first. */
export function activeCreditBreachesOf(
  deps: BillingDeps,
  caller: Caller,
  clientIds: readonly string[],
) {
  allow(caller, Roles.staffRead);
  return inFirm(deps.db, caller, (tx) => activeBreaches(tx, caller, clientIds));
}
