import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collectionsEvents } from '@lexfin/contracts';
import { NotFoundError } from '@lexfin/platform/errors';
import { allow, emit, eventOf, runCommand } from '@lexfin/service-kit';
import { localDate } from '../../domain/calendar';
import type { ContactChannel, ContactOutcome } from '../../domain/contact-limits';
import { segmentOfGrade } from '../../domain/policy';
import type { CollectionsDatabase } from '../../db/schema';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { CASE_WORKERS } from '../roles';
import { openCaseOf } from './arrangement-support';

type Tx = Transaction<CollectionsDatabase>;

async function clientOf(tx: Tx, clientId: string) {
  const client = await tx
    .selectFrom('clients as c')
    .leftJoin('credit_grades as g', (join) =>
      join.onRef('g.firm_id', '=', 'c.firm_id').onRef('g.client_id', '=', 'c.client_id'),
    )
    .select(['c.client_id', 'c.time_zone', 'g.grade'])
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
  if (client === undefined) {
    throw new NotFoundError(`Client ${clientId} does not exist`, { clientId });
  }
  return client;
}

/**
 * A call or letter done by hand, with its outcome, in the contact log: it counts against the
 * contact limits like the ladder's own (a CONVERSATION starts the 7 quiet days).
 */
export async function logCollectionContact(
  scope: CollectionsScope,
  request: {
    clientId: string;
    channel: ContactChannel;
    outcome: Exclude<ContactOutcome, 'FAILED'>;
    invoiceIds: string[];
    note: string | null;
    idempotencyKey: string;
  },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'logCollectionContact', idempotencyKey, input },
    async (tx) => {
      const client = await clientOf(tx, input.clientId);
      const caseId = await openCaseOf(tx, input.clientId);
      const matters =
        input.invoiceIds.length === 0
          ? []
          : await tx
              .selectFrom('invoices')
              .select('matter_id')
              .where('invoice_id', 'in', input.invoiceIds)
              .execute();
      const now = scope.clock();
      const contactId = randomUUID();
      const matterIds = [...new Set(matters.map((row) => row.matter_id))];
      await tx
        .insertInto('contact_log')
        .values({
          id: contactId,
          firm_id: scope.caller.firmId,
          client_id: input.clientId,
          case_id: caseId,
          at: now,
          channel: input.channel,
          outcome: input.outcome,
          stage_kind: null,
          template_key: null,
          matter_ids: matterIds,
          invoice_ids: input.invoiceIds,
          recorded_by: scope.caller.userId,
          note: input.note,
          provider_message_id: null,
          detail: null,
          segment: segmentOfGrade(client.grade),
        })
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.contactMade, contactId, {
          contactId,
          caseId,
          clientId: input.clientId,
          channel: input.channel,
          outcome: input.outcome,
          stage: null,
          matterIds,
          invoiceIds: input.invoiceIds,
          at: now.toISOString(),
          recordedBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [input.clientId], now);
      return { id: contactId, at: now.toISOString() };
    },
  );
}

export async function addCaseNote(
  scope: CollectionsScope,
  request: { caseId: string; body: string; idempotencyKey: string },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'addCaseNote', idempotencyKey, input },
    async (tx) => {
      const found = await tx
        .selectFrom('collection_cases')
        .select('id')
        .where('id', '=', input.caseId)
        .executeTakeFirst();
      if (found === undefined)
        throw new NotFoundError(`Collection case ${input.caseId} does not exist`, {
          caseId: input.caseId,
        });
      const id = randomUUID();
      const at = scope.clock();
      await tx
        .insertInto('case_notes')
        .values({
          id,
          firm_id: scope.caller.firmId,
          case_id: input.caseId,
          author: scope.caller.userId,
          body: input.body,
          at,
        })
        .execute();
      return { id, author: scope.caller.userId, body: input.body, at: at.toISOString() };
    },
  );
}

/** The client asked for fee arbitration on a matter: its collection pauses (B&P 6201). */
export async function recordFeeArbitrationRequest(
  scope: CollectionsScope,
  request: {
    clientId: string;
    matterId: string;
    requestedOn: string | null;
    idempotencyKey: string;
  },
) {
  allow(scope.caller, CASE_WORKERS);
  const { idempotencyKey, ...input } = request;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'recordFeeArbitrationRequest', idempotencyKey, input },
    async (tx) => {
      const client = await clientOf(tx, input.clientId);
      const matter = await tx
        .selectFrom('matters')
        .select('matter_id')
        .where('matter_id', '=', input.matterId)
        .where('client_id', '=', input.clientId)
        .executeTakeFirst();
      if (matter === undefined) {
        throw new NotFoundError(`Matter ${input.matterId} of this client does not exist`, {
          matterId: input.matterId,
        });
      }
      const requestedOn = input.requestedOn ?? localDate(client.time_zone, scope.clock());
      await tx
        .insertInto('fee_arbitration')
        .values({
          firm_id: scope.caller.firmId,
          matter_id: input.matterId,
          client_id: input.clientId,
          delivered_on: null,
          delivered_by: null,
          requested_on: requestedOn,
          requested_by: scope.caller.userId,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['firm_id', 'matter_id'])
            .doUpdateSet({ requested_on: requestedOn, requested_by: scope.caller.userId }),
        )
        .execute();
      const caseId = await openCaseOf(tx, input.clientId);
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.feeArbitrationRequested, input.matterId, {
          clientId: input.clientId,
          matterId: input.matterId,
          caseId,
          requestedOn,
          recordedBy: scope.caller.userId,
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [input.clientId], scope.clock());
      return { matterId: input.matterId, requestedOn, caseId };
    },
  );
}
