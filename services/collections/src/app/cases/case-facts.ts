import { sql, type Transaction } from 'kysely';
import type { Weekday } from '../../domain/calendar';
import type { CaseFacts } from '../../domain/collection-state';
import type { ContactEntry } from '../../domain/contact-limits';
import {
  segmentOfGrade,
  type CollectionPolicy,
  type MessageChannel,
  type StageKind,
} from '../../domain/policy';
import type { ClientsTable, CollectionsDatabase } from '../../db/schema';
import { loadArrangementsOf } from './arrangement-facts';
import { currentPolicy } from './policy-store';

type Tx = Transaction<CollectionsDatabase>;

const WEEK: Weekday[] = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
];

export interface InvoiceDetails {
  invoiceId: string;
  invoiceNumber: string;
  matterId: string;
  matterName: string;
  dueDate: string;
}

/** Everything a client's collection state is derived from, read in the caller's transaction. */
export interface LoadedCase {
  facts: CaseFacts;
  policy: CollectionPolicy;
  client: Omit<ClientsTable, 'postal_address'> & { postal_address: unknown };
  invoices: Map<string, InvoiceDetails>;
  caseRow: { id: string; status: string } | undefined;
}

function consentedChannels(client: LoadedCase['client']): MessageChannel[] {
  const channels: MessageChannel[] = [];
  if (client.billing_email !== null && client.consent_email) channels.push('EMAIL');
  if (client.phone !== null && client.consent_sms) channels.push('SMS');
  if (client.postal_address !== null && client.consent_post) channels.push('LETTER');
  return channels;
}

/** Rows grouped by client, each group in the rows' order. */
function byClient<Row extends { client_id: string }>(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.client_id);
    if (group === undefined) groups.set(row.client_id, [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Reads a client's facts: the replica's open invoices, the steps reached, the contact log, the
 * pauses and fee-arbitration facts, the segment and the firm's policy. `lock` takes the client's
 * row for update, so concurrent steps for one client take turns (the claim still decides).
 */
export async function loadCase(
  tx: Tx,
  clientId: string,
  options: { lock?: boolean } = {},
): Promise<LoadedCase | undefined> {
  return (await loadCases(tx, [clientId], options)).get(clientId);
}

/**
 * loadCase for many clients of the firm at once, one query per table (the sweep's batch). `lock`
 * takes the clients' rows in client id order, so two batches sharing clients cannot deadlock.
 * Clients not found are left out.
 */
export async function loadCases(
  tx: Tx,
  clientIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, LoadedCase>> {
  const loadedCases = new Map<string, LoadedCase>();
  if (clientIds.length === 0) return loadedCases;
  let clientQuery = tx
    .selectFrom('clients')
    .selectAll()
    .where('client_id', 'in', clientIds)
    .orderBy('client_id');
  if (options.lock) clientQuery = clientQuery.forUpdate();
  const clients = await clientQuery.execute();
  if (clients.length === 0) return loadedCases;
  const ids = clients.map((client) => client.client_id);
  const [
    grades,
    invoiceRows,
    stepRows,
    contactRows,
    pauseRows,
    arbitrationRows,
    latestCases,
    firm,
    policy,
    arrangements,
  ] = await Promise.all([
    tx
      .selectFrom('credit_grades')
      .select(['client_id', 'grade'])
      .where('client_id', 'in', ids)
      .execute(),
    tx
      .selectFrom('invoices as i')
      .leftJoin('matters as m', (join) =>
        join.onRef('m.firm_id', '=', 'i.firm_id').onRef('m.matter_id', '=', 'i.matter_id'),
      )
      .select([
        'i.client_id',
        'i.invoice_id',
        'i.invoice_number',
        'i.matter_id',
        'i.due_date',
        'i.open_minor',
        'i.currency',
        'm.matter_number',
        'm.description',
      ])
      .where('i.client_id', 'in', ids)
      .where('i.open_minor', '>', 0n)
      .orderBy('i.due_date')
      .orderBy('i.invoice_number')
      .execute(),
    tx
      .selectFrom('ladder_steps')
      .select(['client_id', 'invoice_id', 'stage_kind', 'at'])
      .where('client_id', 'in', ids)
      .execute(),
    tx
      .selectFrom('contact_log')
      .select(['client_id', 'at', 'channel', 'outcome'])
      .where('client_id', 'in', ids)
      .orderBy('at')
      .execute(),
    tx
      .selectFrom('collection_pauses')
      .select(['client_id', 'level', 'target_id', 'until'])
      .where('client_id', 'in', ids)
      .where('lifted_at', 'is', null)
      .execute(),
    tx
      .selectFrom('fee_arbitration')
      .select(['client_id', 'matter_id', 'delivered_on', 'requested_on'])
      .where('client_id', 'in', ids)
      .execute(),
    // Each client's latest case: the open one, or the last closed (a partner's end holds until a new one).
    tx
      .selectFrom('collection_cases')
      .distinctOn('client_id')
      .select(['client_id', 'id', 'status', 'ended_invoice_ids'])
      .where('client_id', 'in', ids)
      .orderBy('client_id')
      .orderBy(sql`status <> 'CLOSED'`, 'desc')
      .orderBy('opened_at', 'desc')
      .execute(),
    tx.selectFrom('firms').select('working_days').executeTakeFirst(),
    currentPolicy(tx),
    loadArrangementsOf(tx, ids),
  ]);
  const gradeOf = new Map(grades.map((row) => [row.client_id, row.grade]));
  const invoicesOf = byClient(invoiceRows);
  const stepsOf = byClient(stepRows);
  const contactsOf = byClient(contactRows);
  const pausesOf = byClient(pauseRows);
  const arbitrationOf = byClient(arbitrationRows);
  const latestCaseOf = new Map(latestCases.map((row) => [row.client_id, row]));
  const nonWorkingDays =
    policy.skipNonWorkingDays && firm !== undefined
      ? WEEK.filter((day) => !firm.working_days.includes(day))
      : policy.limits.nonWorkingDays;
  const effectivePolicy = { ...policy, limits: { ...policy.limits, nonWorkingDays } };
  for (const client of clients) {
    const clientId = client.client_id;
    const invoices = invoicesOf.get(clientId) ?? [];
    const latestCase = latestCaseOf.get(clientId);
    loadedCases.set(clientId, {
      policy: effectivePolicy,
      client,
      caseRow:
        latestCase === undefined || latestCase.status === 'CLOSED'
          ? undefined
          : { id: latestCase.id, status: latestCase.status },
      invoices: new Map(
        invoices.map((invoice) => [
          invoice.invoice_id,
          {
            invoiceId: invoice.invoice_id,
            invoiceNumber: invoice.invoice_number,
            matterId: invoice.matter_id,
            matterName:
              invoice.matter_number === null
                ? 'Matter'
                : `${invoice.matter_number} ${invoice.description ?? ''}`.trim(),
            dueDate: invoice.due_date,
          },
        ]),
      ),
      facts: {
        client: {
          clientId,
          timeZone: client.time_zone,
          region: client.region,
          segment: segmentOfGrade(gradeOf.get(clientId)),
          doNotContact: client.do_not_contact,
          consentedChannels: consentedChannels(client),
        },
        items: invoices.map((invoice) => ({
          invoiceId: invoice.invoice_id,
          matterId: invoice.matter_id,
          dueDate: invoice.due_date,
          openMinor: invoice.open_minor,
          currency: invoice.currency,
        })),
        steps: (stepsOf.get(clientId) ?? []).map((step) => ({
          invoiceId: step.invoice_id,
          kind: step.stage_kind as StageKind,
          at: step.at,
        })),
        // A claimed message is on its way: it counts as sent for the limits.
        contacts: (contactsOf.get(clientId) ?? []).map((contact): ContactEntry => ({
          at: contact.at,
          channel: contact.channel,
          outcome: (contact.outcome === 'CLAIMED'
            ? 'SENT'
            : contact.outcome) as ContactEntry['outcome'],
        })),
        pauses: (pausesOf.get(clientId) ?? []).map((pause) => ({
          level: pause.level,
          targetId: pause.target_id,
          until: pause.until,
        })),
        feeArbitration: (arbitrationOf.get(clientId) ?? []).map((entry) => ({
          matterId: entry.matter_id,
          deliveredOn: entry.delivered_on,
          requestedOn: entry.requested_on,
        })),
        ...arrangements.get(clientId)!,
        endedInvoiceIds:
          latestCase?.status === 'CLOSED' ? (latestCase.ended_invoice_ids ?? []) : [],
      },
    });
  }
  return loadedCases;
}
