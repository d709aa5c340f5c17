import { z } from 'zod';
import { input } from '@lexfin/service-kit';
import { moneyOutput } from '@lexfin/subgraph';
import {
  addCaseNote,
  logCollectionContact,
  recordFeeArbitrationRequest,
} from '../app/cases/case-commands';
import {
  caseItems,
  caseNotes,
  collectionCase,
  collectionCases,
  collectionsQueue,
  contactLog,
  previewCollectionMessage,
  type CaseView,
} from '../app/cases/case-queries';
import type { CollectionsGraphQLContext } from './context';

const { id, date, idempotencyKey, oneOf, optionalText, pageSize, parseInput, text } = input;

type Resolver = (
  parent: unknown,
  args: unknown,
  context: CollectionsGraphQLContext,
) => Promise<unknown>;

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export function caseOutput(view: CaseView) {
  return {
    ...view,
    client: { id: view.clientId },
    openedAt: iso(view.openedAt),
    closedAt: iso(view.closedAt),
    nextActionAt: iso(view.nextActionAt),
  };
}

function contactOutput(entry: Awaited<ReturnType<typeof contactLog>>[number]) {
  return {
    id: entry.id,
    caseId: entry.case_id,
    at: entry.at.toISOString(),
    channel: entry.channel,
    outcome: entry.outcome,
    stage: entry.stage_kind,
    recordedBy: entry.recorded_by,
    note: entry.note,
    invoiceIds: entry.invoice_ids,
  };
}

export const caseQueryResolvers: Record<string, Resolver> = {
  collectionCase: async (_parent, args, { scope }) =>
    caseOutput(await collectionCase(scope, parseInput(z.object({ id }), args).id)),
  collectionCases: async (_parent, args, { scope }) => {
    const query = parseInput(
      z.object({
        filter: z
          .object({
            status: oneOf(['OPEN', 'PAUSED', 'CLOSED'] as const).nullish(),
            clientId: id.nullish(),
          })
          .nullish(),
        first: pageSize(200, 50),
      }),
      args,
    );
    const cases = await collectionCases(scope, {
      first: query.first,
      ...(query.filter?.status ? { status: query.filter.status } : {}),
      ...(query.filter?.clientId ? { clientId: query.filter.clientId } : {}),
    });
    return cases.map(caseOutput);
  },
  contactLog: async (_parent, args, { scope }) =>
    (await contactLog(scope, parseInput(z.object({ clientId: id }), args).clientId)).map(
      contactOutput,
    ),
  previewCollectionMessage: async (_parent, args, { scope }) => {
    const preview = await previewCollectionMessage(
      scope,
      parseInput(z.object({ caseId: id }), args).caseId,
    );
    return preview === null ? null : { ...preview, sendAt: preview.sendAt.toISOString() };
  },
  collectionsQueue: async (_parent, _args, { scope }) =>
    (await collectionsQueue(scope)).map((item) => ({
      id: item.id,
      caseId: item.case_id,
      client: { id: item.client_id },
      kind: item.kind,
      stage: item.stage_kind,
      responsibleRole: item.responsible_role,
      assignedTo: item.assigned_to,
      dueOn: item.due_on,
      invoiceIds: item.invoice_ids,
      openAmount: moneyOutput(item.openMinor, item.currency),
      oldestDueDate: item.oldestDueDate,
      creditGrade: item.grade,
    })),
};

export const caseMutationResolvers: Record<string, Resolver> = {
  logCollectionContact: (_parent, args, { scope }) =>
    logCollectionContact(
      scope,
      parseInput(
        z.object({
          clientId: id,
          channel: oneOf(['EMAIL', 'SMS', 'LETTER', 'CALL'] as const),
          outcome: oneOf([
            'SENT',
            'BOUNCED',
            'CONVERSATION',
            'VOICEMAIL',
            'NO_ANSWER',
            'WRONG_NUMBER',
            'LETTER_POSTED',
          ] as const),
          invoiceIds: z
            .array(id)
            .nullish()
            .transform((value) => value ?? []),
          note: optionalText.transform((value) => value ?? null),
          idempotencyKey,
        }),
        args,
      ),
    ),
  addCaseNote: (_parent, args, { scope }) =>
    addCaseNote(scope, parseInput(z.object({ caseId: id, body: text, idempotencyKey }), args)),
  recordFeeArbitrationRequest: (_parent, args, { scope }) =>
    recordFeeArbitrationRequest(
      scope,
      parseInput(
        z.object({
          clientId: id,
          matterId: id,
          requestedOn: date.nullish().transform((value) => value ?? null),
          idempotencyKey,
        }),
        args,
      ),
    ),
};

type CaseParent = ReturnType<typeof caseOutput>;

export const caseTypeResolvers = {
  CollectionCase: {
    items: async (parent: CaseParent, _args: unknown, { scope }: CollectionsGraphQLContext) =>
      (await caseItems(scope, parent.clientId))
        .filter((item) => item.openMinor > 0n)
        .map((item) => ({
          invoice: { id: item.invoiceId },
          invoiceNumber: item.invoice.invoiceNumber,
          dueDate: item.invoice.dueDate,
          daysPastDue: item.daysPastDue,
          openAmount: moneyOutput(item.openMinor, item.currency),
          status: item.status,
          stage: item.stage,
          nextStage: item.nextStage?.kind ?? null,
          nextStageOffsetDays: item.nextStage?.offsetDays ?? null,
          heldUntil: item.heldUntil,
        })),
    contactLog: async (parent: CaseParent, _args: unknown, { scope }: CollectionsGraphQLContext) =>
      (await contactLog(scope, parent.clientId))
        .filter((entry) => entry.case_id === parent.id)
        .map(contactOutput),
    notes: async (parent: CaseParent, _args: unknown, { scope }: CollectionsGraphQLContext) =>
      (await caseNotes(scope, parent.id)).map((note) => ({ ...note, at: note.at.toISOString() })),
  },
  Invoice: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    collectionCase: async (
      invoice: { id: string },
      _args: unknown,
      context: CollectionsGraphQLContext,
    ) => {
      const found = await context.invoiceCases.load(invoice.id);
      return found === null ? null : caseOutput(found);
    },
  },
  Client: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    collections: async (
      client: { id: string },
      _args: unknown,
      context: CollectionsGraphQLContext,
    ) => (await context.clientCases.load(client.id)).map(caseOutput),
  },
};
