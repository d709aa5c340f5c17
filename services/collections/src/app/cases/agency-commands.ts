import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { ConflictError, DomainRuleError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand, type Caller } from '@lexfin/service-kit';
import { agencyHandOff, type HandOffBlock } from '../../domain/agency';
import { localDate } from '../../domain/calendar';
import { ladderFor, type ResponsibleRole } from '../../domain/policy';
import type { CollectionsDatabase } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { CASE_WORKERS } from '../roles';
import { caseFor, lockedCase, moneyJson } from './arrangement-support';
import type { LoadedCase } from './case-facts';
import { finishWorkItems } from './case-lifecycle';

type Tx = Transaction<CollectionsDatabase>;

/** Who hands a case over or takes it back: the ladder's AGENCY_HANDOFF stage says, else a partner. */
function handOffRole(loaded: LoadedCase): ResponsibleRole {
  const ladder = ladderFor(loaded.policy, loaded.facts.client.segment);
  return ladder.find((stage) => stage.kind === 'AGENCY_HANDOFF')?.responsibleRole ?? 'partner';
}

function describe(block: HandOffBlock): string {
  switch (block.reason) {
    case 'NOTHING_PAST_DUE':
      return 'nothing past due and undisputed is open';
    case 'ALREADY_WITH_AGENCY':
      return 'the case is already with an agency';
    case 'NOTICE_NOT_DELIVERED':
      return `matter ${block.matterId} has no delivered notice of the right to fee arbitration`;
    case 'ARBITRATION_WAIT':
      return `the client's 30 days to ask for fee arbitration on matter ${block.matterId} run until the day before ${block.allowedFrom}`;
    case 'ARBITRATION_REQUESTED':
      return `the client asked for fee arbitration on matter ${block.matterId} on ${block.requestedOn}`;
  }
}

/** A case that is still open, its client's facts locked, and the caller holding the hand-off role. */
async function openCaseForAgency(tx: Tx, caller: Caller, caseId: string) {
  allow(caller, CASE_WORKERS);
  const found = await caseFor(tx, caller, caseId);
  const loaded = await lockedCase(tx, found.client_id);
  allow(caller, [handOffRole(loaded)]);
  return { found, loaded };
}

/**
 * Hands a case to a collection agency, only after every mandatory step (B&P 6201: the notice of
 * the right to fee arbitration delivered and its 30 days run out, no arbitration asked for): the
 * past-due, undisputed amounts go to the agency and the firm's own contacts stop.
 */
export async function handOffToAgency(
  scope: CollectionsScope,
  request: { caseId: string; agency: string; idempotencyKey: string },
) {
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'handOffToAgency', idempotencyKey, input },
    async (tx) => {
      const { found, loaded } = await openCaseForAgency(tx, scope.caller, input.caseId);
      if (found.status === 'CLOSED') {
        throw new ConflictError('A closed case cannot go to an agency', { caseId: found.id });
      }
      const now = scope.clock();
      const today = localDate(loaded.facts.client.timeZone, now);
      const decision = agencyHandOff(loaded.facts, loaded.policy, today);
      if (!decision.allowed) {
        throw new DomainRuleError(
          'AGENCY_HANDOFF_NOT_ALLOWED',
          `The case cannot go to an agency yet: ${decision.blocks.map(describe).join('; ')}`,
          { blocks: decision.blocks },
        );
      }
      const id = randomUUID();
      await tx
        .insertInto('agency_handoffs')
        .values({
          id,
          firm_id: scope.caller.firmId,
          client_id: found.client_id,
          case_id: found.id,
          agency: input.agency,
          handed_by: scope.caller.userId,
          handed_at: now,
          recalled_by: null,
          recalled_at: null,
        })
        .execute();
      // The ladder's hand-off task is done.
      await finishWorkItems(tx, found.id, now, 'AGENCY_HANDOFF');
      const items = decision.items.map((item) => ({
        invoiceId: item.invoiceId,
        matterId: item.matterId,
        amount: moneyJson(item.amountMinor, item.currency),
      }));
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.caseHandedOff, id, {
          handoffId: id,
          caseId: found.id,
          clientId: found.client_id,
          agency: input.agency,
          items,
          handedBy: scope.caller.userId,
          handedOn: today,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [found.client_id], now);
      return {
        id,
        caseId: found.id,
        agency: input.agency,
        handedBy: scope.caller.userId,
        handedOn: today,
        recalledBy: null,
        recalledAt: null,
      };
    },
  );
}

/** Takes a case back from its agency: the ladder resumes from the facts. */
export async function recallFromAgency(
  scope: CollectionsScope,
  request: { caseId: string; reason: string; idempotencyKey: string },
) {
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'recallFromAgency', idempotencyKey, input },
    async (tx) => {
      const { found, loaded } = await openCaseForAgency(tx, scope.caller, input.caseId);
      const handoff = await tx
        .selectFrom('agency_handoffs')
        .selectAll()
        .where('case_id', '=', found.id)
        .where('recalled_at', 'is', null)
        .executeTakeFirst();
      if (handoff === undefined) {
        throw new ConflictError('The case is not with an agency', { caseId: found.id });
      }
      const now = scope.clock();
      await tx
        .updateTable('agency_handoffs')
        .set({ recalled_by: scope.caller.userId, recalled_at: now, recall_reason: input.reason })
        .where('id', '=', handoff.id)
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.caseRecalled, handoff.id, {
          handoffId: handoff.id,
          caseId: found.id,
          clientId: found.client_id,
          recalledBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [found.client_id], now);
      return {
        id: handoff.id,
        caseId: found.id,
        agency: handoff.agency,
        handedBy: handoff.handed_by,
        handedOn: localDate(loaded.facts.client.timeZone, handoff.handed_at),
        recalledBy: scope.caller.userId,
        recalledAt: now.toISOString(),
      };
    },
  );
}
