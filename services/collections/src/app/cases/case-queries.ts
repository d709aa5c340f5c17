import { allow, inFirm } from '@lexfin/service-kit';
import { NotFoundError } from '@lexfin/platform/errors';
import { addDays, instantAt, localDate } from '../../domain/calendar';
import { collectionState } from '../../domain/collection-state';
import type { CollectionsScope } from '../collections-scope';
import { COLLECTIONS_READERS } from '../roles';
import type { CaseStatus } from '../../db/schema';
import { loadCase } from './case-facts';
import { composeMessage } from './compose-message';
import { renderCollectionMessage, type RenderedMessage } from '../../delivery';

export interface CaseView {
  id: string;
  clientId: string;
  status: CaseStatus;
  ownerUserId: string | null;
  openedAt: Date;
  closedAt: Date | null;
  nextStage: string | null;
  nextActionAt: Date | null;
}

const caseColumns = [
  'id',
  'client_id',
  'status',
  'owner_user_id',
  'opened_at',
  'closed_at',
  'next_stage',
  'next_action_at',
] as const;

function caseView(row: {
  id: string;
  client_id: string;
  status: CaseStatus;
  owner_user_id: string | null;
  opened_at: Date;
  closed_at: Date | null;
  next_stage: string | null;
  next_action_at: Date | null;
}): CaseView {
  return {
    id: row.id,
    clientId: row.client_id,
    status: row.status,
    ownerUserId: row.owner_user_id,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    nextStage: row.next_stage,
    nextActionAt: row.next_action_at,
  };
}

export async function collectionCase(scope: CollectionsScope, id: string): Promise<CaseView> {
  allow(scope.caller, COLLECTIONS_READERS);
  const row = await inFirm(scope.db, scope.caller, (tx) =>
    tx.selectFrom('collection_cases').select(caseColumns).where('id', '=', id).executeTakeFirst(),
  );
  if (row === undefined) throw new NotFoundError(`Collection case ${id} does not exist`, { id });
  return caseView(row);
}

export async function collectionCases(
  scope: CollectionsScope,
  filter: { status?: CaseStatus; clientId?: string; first: number },
): Promise<CaseView[]> {
  allow(scope.caller, COLLECTIONS_READERS);
  const rows = await inFirm(scope.db, scope.caller, (tx) => {
    let query = tx.selectFrom('collection_cases').select(caseColumns);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.clientId !== undefined) query = query.where('client_id', '=', filter.clientId);
    return query.orderBy('opened_at', 'desc').orderBy('id').limit(filter.first).execute();
  });
  return rows.map(caseView);
}

/** The open (or latest) case of each invoice's client, for Invoice.collectionCase (batched). */
export async function casesOfInvoices(
  scope: CollectionsScope,
  invoiceIds: readonly string[],
): Promise<Map<string, CaseView>> {
  allow(scope.caller, COLLECTIONS_READERS);
  const rows = await inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('invoices as i')
      .innerJoin('collection_cases as c', (join) =>
        join.onRef('c.firm_id', '=', 'i.firm_id').onRef('c.client_id', '=', 'i.client_id'),
      )
      .select(['i.invoice_id', ...caseColumns.map((column) => `c.${column}` as const)])
      .where('i.invoice_id', 'in', invoiceIds)
      .where('c.status', '<>', 'CLOSED')
      .where('i.open_minor', '>', 0n)
      .execute(),
  );
  return new Map(rows.map((row) => [row.invoice_id, caseView(row)]));
}

/** Every case of each client, newest first, for Client.collections (batched). */
export async function casesOfClients(
  scope: CollectionsScope,
  clientIds: readonly string[],
): Promise<Map<string, CaseView[]>> {
  allow(scope.caller, COLLECTIONS_READERS);
  const rows = await inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('collection_cases')
      .select(caseColumns)
      .where('client_id', 'in', clientIds)
      .orderBy('opened_at', 'desc')
      .execute(),
  );
  const byClient = new Map<string, CaseView[]>();
  for (const row of rows)
    byClient.set(row.client_id, [...(byClient.get(row.client_id) ?? []), caseView(row)]);
  return byClient;
}

export async function contactLog(scope: CollectionsScope, clientId: string) {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('contact_log')
      .select([
        'id',
        'case_id',
        'at',
        'channel',
        'outcome',
        'stage_kind',
        'recorded_by',
        'note',
        'invoice_ids',
      ])
      .where('client_id', '=', clientId)
      .orderBy('at', 'desc')
      .execute(),
  );
}

export async function caseNotes(scope: CollectionsScope, caseId: string) {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('case_notes')
      .select(['id', 'author', 'body', 'at'])
      .where('case_id', '=', caseId)
      .orderBy('at')
      .execute(),
  );
}

/** The case's items as the ladder sees them now: amount, days past due, stage, next stage. */
export async function caseItems(scope: CollectionsScope, clientId: string) {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, async (tx) => {
    const loaded = await loadCase(tx, clientId);
    if (loaded === undefined) return [];
    const state = collectionState(loaded.facts, loaded.policy, scope.clock());
    return state.items.map((item) => ({ ...item, invoice: loaded.invoices.get(item.invoiceId)! }));
  });
}

/** What the case's next message would say, rendered as the client would receive it. */
export async function previewCollectionMessage(
  scope: CollectionsScope,
  caseId: string,
): Promise<(RenderedMessage & { channel: string; sendAt: Date }) | null> {
  const found = await collectionCase(scope, caseId);
  return inFirm(scope.db, scope.caller, async (tx) => {
    const loaded = await loadCase(tx, found.clientId);
    if (loaded === undefined) return null;
    // Now, then each day a further stage comes due: the first of them that sends a message.
    const zone = loaded.facts.client.timeZone;
    const now = scope.clock();
    const comingDays = collectionState(loaded.facts, loaded.policy, now)
      .items.filter((item) => item.nextStage !== null && item.status === 'OVERDUE')
      .map((item) =>
        addDays(loaded.invoices.get(item.invoiceId)!.dueDate, item.nextStage!.offsetDays),
      )
      .filter((day) => day > localDate(zone, now))
      .sort();
    for (const moment of [now, ...comingDays.map((day) => instantAt(zone, day, 0))]) {
      const state = collectionState(loaded.facts, loaded.policy, moment);
      const step = state.nextStep;
      if (step === null || step.channel === null) continue;
      const message = composeMessage(loaded, state, step, caseId, null);
      return {
        ...renderCollectionMessage(message, step.channel),
        channel: step.channel,
        sendAt: step.at,
      };
    }
    return null;
  });
}

/** Today's work: open work items, largest open amount, oldest and firmest segment first. */
export async function collectionsQueue(scope: CollectionsScope) {
  allow(scope.caller, COLLECTIONS_READERS);
  return inFirm(scope.db, scope.caller, async (tx) => {
    const items = await tx
      .selectFrom('work_items as w')
      .leftJoin('credit_grades as g', (join) =>
        join.onRef('g.firm_id', '=', 'w.firm_id').onRef('g.client_id', '=', 'w.client_id'),
      )
      .select([
        'w.id',
        'w.case_id',
        'w.client_id',
        'w.kind',
        'w.stage_kind',
        'w.responsible_role',
        'w.assigned_to',
        'w.due_on',
        'w.invoice_ids',
        'g.grade',
      ])
      .where('w.status', '=', 'OPEN')
      .execute();
    const amounts = await tx
      .selectFrom('invoices')
      .select(['invoice_id', 'open_minor', 'currency', 'due_date'])
      .where(
        'invoice_id',
        'in',
        items.length === 0
          ? ['00000000-0000-0000-0000-000000000000']
          : items.flatMap((item) => item.invoice_ids),
      )
      .execute();
    const rows = items.map((item) => {
      const open = amounts.filter((amount) => item.invoice_ids.includes(amount.invoice_id));
      return {
        ...item,
        openMinor: open.reduce((sum, amount) => sum + amount.open_minor, 0n),
        currency: open[0]?.currency ?? 'USD',
        oldestDueDate: open.map((amount) => amount.due_date).sort()[0] ?? item.due_on,
      };
    });
    // E before A: the firmest segment first at equal amount and age; ungraded last.
    return rows.sort(
      (a, b) =>
        (b.openMinor > a.openMinor ? 1 : b.openMinor < a.openMinor ? -1 : 0) ||
        a.oldestDueDate.localeCompare(b.oldestDueDate) ||
        (b.grade ?? '').localeCompare(a.grade ?? ''),
    );
  });
}
