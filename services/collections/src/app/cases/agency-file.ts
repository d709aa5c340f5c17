import { ConflictError } from '@lexfin/platform/errors';
import { allow, inFirm } from '@lexfin/service-kit';
import type { Role } from '@lexfin/platform';
import { localDate } from '../../domain/calendar';
import type { CollectionsScope } from '../collections-scope';
import { arrangementsOfClients } from './arrangement-views';
import { caseFor, moneyJson } from './arrangement-support';

/** Who may download what an agency is given. */
const AGENCY_FILE_READERS: Role[] = ['partner', 'collections_agent'];

/**
 * What the agency gets with a case: the client and how to reach it, each open invoice, the
 * contact log (the attempts the firm made, without its internal notes), disputes, promises and
 * plans with their outcomes, and each matter's fee-arbitration notice. Only while the case is
 * with the agency.
 */
export async function agencyFile(scope: CollectionsScope, caseId: string) {
  allow(scope.caller, AGENCY_FILE_READERS);
  const read = await inFirm(scope.db, scope.caller, async (tx) => {
    const found = await caseFor(tx, scope.caller, caseId);
    const handoff = await tx
      .selectFrom('agency_handoffs')
      .select(['id', 'agency', 'handed_at', 'handed_by'])
      .where('case_id', '=', found.id)
      .where('recalled_at', 'is', null)
      .executeTakeFirst();
    if (handoff === undefined) {
      throw new ConflictError('The case is not with an agency', { caseId: found.id });
    }
    const [client, invoices, contacts, arbitration] = await Promise.all([
      tx
        .selectFrom('clients')
        .selectAll()
        .where('client_id', '=', found.client_id)
        .executeTakeFirstOrThrow(),
      tx
        .selectFrom('invoices as i')
        .leftJoin('matters as m', (join) =>
          join.onRef('m.firm_id', '=', 'i.firm_id').onRef('m.matter_id', '=', 'i.matter_id'),
        )
        .select([
          'i.invoice_id',
          'i.invoice_number',
          'i.matter_id',
          'm.matter_number',
          'i.invoice_date',
          'i.due_date',
          'i.total_minor',
          'i.open_minor',
          'i.currency',
        ])
        .where('i.client_id', '=', found.client_id)
        .orderBy('i.due_date')
        .orderBy('i.invoice_number')
        .execute(),
      tx
        .selectFrom('contact_log')
        .select(['at', 'channel', 'outcome', 'stage_kind', 'invoice_ids'])
        .where('client_id', '=', found.client_id)
        .where('outcome', '<>', 'CLAIMED')
        .orderBy('at')
        .execute(),
      tx
        .selectFrom('fee_arbitration')
        .select(['matter_id', 'delivered_on', 'requested_on'])
        .where('client_id', '=', found.client_id)
        .execute(),
    ]);
    return { found, handoff, client, invoices, contacts, arbitration };
  });
  const { found, handoff, client, invoices, contacts, arbitration } = read;
  const arrangements = (await arrangementsOfClients(scope, [found.client_id])).get(
    found.client_id,
  ) ?? { promises: [], plans: [], disputes: [] };
  const numberOf = new Map(invoices.map((row) => [row.invoice_id, row.invoice_number]));
  const noticeOf = new Map(arbitration.map((row) => [row.matter_id, row]));
  const numbers = (ids: readonly string[]) => ids.map((id) => numberOf.get(id) ?? id);
  return {
    caseId: found.id,
    agency: handoff.agency,
    handedOn: localDate(client.time_zone, handoff.handed_at),
    client: {
      id: client.client_id,
      name: client.display_name,
      email: client.billing_email,
      phone: client.phone,
      postalAddress: client.postal_address,
      timeZone: client.time_zone,
      language: client.language,
    },
    invoices: invoices.map((row) => ({
      invoiceId: row.invoice_id,
      invoiceNumber: row.invoice_number,
      matterId: row.matter_id,
      matterNumber: row.matter_number,
      issuedOn: row.invoice_date,
      dueOn: row.due_date,
      original: moneyJson(row.total_minor, row.currency),
      open: moneyJson(row.open_minor, row.currency),
      feeArbitrationNoticeDeliveredOn: noticeOf.get(row.matter_id)?.delivered_on ?? null,
    })),
    contacts: contacts.map((row) => ({
      at: row.at.toISOString(),
      channel: row.channel,
      outcome: row.outcome,
      stage: row.stage_kind,
      invoiceNumbers: numbers(row.invoice_ids),
    })),
    disputes: arrangements.disputes.map((dispute) => ({
      invoiceNumber: numberOf.get(dispute.invoiceId) ?? dispute.invoiceId,
      amount: dispute.amount.toJSON(),
      reason: dispute.reason,
      deadline: dispute.deadline,
      status: dispute.status,
      credited: dispute.credited?.toJSON() ?? null,
    })),
    promises: arrangements.promises.map((promise) => ({
      amount: promise.amount.toJSON(),
      payBy: promise.payBy,
      outcome: promise.status,
      invoiceNumbers: numbers(promise.invoiceIds),
    })),
    plans: arrangements.plans.map((plan) => ({
      total: plan.total.toJSON(),
      instalments: plan.instalments.map((instalment) => ({
        dueOn: instalment.dueOn,
        amount: instalment.amount.toJSON(),
      })),
      outcome: plan.status,
      invoiceNumbers: numbers(plan.invoiceIds),
    })),
    feeArbitration: arbitration.map((row) => ({
      matterId: row.matter_id,
      noticeDeliveredOn: row.delivered_on,
      arbitrationRequestedOn: row.requested_on,
    })),
  };
}

export type AgencyFile = Awaited<ReturnType<typeof agencyFile>>;
