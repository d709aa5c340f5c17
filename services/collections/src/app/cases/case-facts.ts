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
import { loadArrangements } from './arrangement-facts';
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
  let clientQuery = tx.selectFrom('clients').selectAll().where('client_id', '=', clientId);
  if (options.lock) clientQuery = clientQuery.forUpdate();
  const client = await clientQuery.executeTakeFirst();
  if (client === undefined) return undefined;
  const [
    grade,
    invoices,
    steps,
    contacts,
    pauses,
    arbitration,
    latestCase,
    firm,
    policy,
    arranged,
  ] = await Promise.all([
    tx
      .selectFrom('credit_grades')
      .select('grade')
      .where('client_id', '=', clientId)
      .executeTakeFirst(),
    tx
      .selectFrom('invoices as i')
      .leftJoin('matters as m', (join) =>
        join.onRef('m.firm_id', '=', 'i.firm_id').onRef('m.matter_id', '=', 'i.matter_id'),
      )
      .select([
        'i.invoice_id',
        'i.invoice_number',
        'i.matter_id',
        'i.due_date',
        'i.open_minor',
        'i.currency',
        'm.matter_number',
        'm.description',
      ])
      .where('i.client_id', '=', clientId)
      .where('i.open_minor', '>', 0n)
      .orderBy('i.due_date')
      .orderBy('i.invoice_number')
      .execute(),
    tx
      .selectFrom('ladder_steps')
      .select(['invoice_id', 'stage_kind', 'at'])
      .where('client_id', '=', clientId)
      .execute(),
    tx
      .selectFrom('contact_log')
      .select(['at', 'channel', 'outcome'])
      .where('client_id', '=', clientId)
      .orderBy('at')
      .execute(),
    tx
      .selectFrom('collection_pauses')
      .select(['level', 'target_id', 'until'])
      .where('client_id', '=', clientId)
      .where('lifted_at', 'is', null)
      .execute(),
    tx
      .selectFrom('fee_arbitration')
      .select(['matter_id', 'delivered_on', 'requested_on'])
      .where('client_id', '=', clientId)
      .execute(),
    // The latest case: the open one, or the last closed (a partner's end holds until a new one).
    tx
      .selectFrom('collection_cases')
      .select(['id', 'status', 'ended_invoice_ids'])
      .where('client_id', '=', clientId)
      .orderBy(sql`status <> 'CLOSED'`, 'desc')
      .orderBy('opened_at', 'desc')
      .executeTakeFirst(),
    tx.selectFrom('firms').select('working_days').executeTakeFirst(),
    currentPolicy(tx),
    loadArrangements(tx, clientId),
  ]);
  const segment = segmentOfGrade(grade?.grade);
  const nonWorkingDays =
    policy.skipNonWorkingDays && firm !== undefined
      ? WEEK.filter((day) => !firm.working_days.includes(day))
      : policy.limits.nonWorkingDays;
  const effectivePolicy = { ...policy, limits: { ...policy.limits, nonWorkingDays } };
  return {
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
        segment,
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
      steps: steps.map((step) => ({
        invoiceId: step.invoice_id,
        kind: step.stage_kind as StageKind,
        at: step.at,
      })),
      // A claimed message is on its way: it counts as sent for the limits.
      contacts: contacts.map((contact): ContactEntry => ({
        at: contact.at,
        channel: contact.channel,
        outcome: (contact.outcome === 'CLAIMED'
          ? 'SENT'
          : contact.outcome) as ContactEntry['outcome'],
      })),
      pauses: pauses.map((pause) => ({
        level: pause.level,
        targetId: pause.target_id,
        until: pause.until,
      })),
      feeArbitration: arbitration.map((entry) => ({
        matterId: entry.matter_id,
        deliveredOn: entry.delivered_on,
        requestedOn: entry.requested_on,
      })),
      ...arranged,
      endedInvoiceIds: latestCase?.status === 'CLOSED' ? (latestCase.ended_invoice_ids ?? []) : [],
    },
  };
}
