import { z } from 'zod';
import { input, type RestRoute } from '@lexfin/service-kit';
import { agencyFile, type AgencyFile } from '../app/cases/agency-file';
import type { CollectionsDependencies } from '../app/collections-scope';
import { csvReply, renderCsv } from './csv';

const { id, oneOf, parseInput } = input;

/** The CSV files of an agency case file: one row per open invoice (the placement), and the rest. */
const PARTS = ['invoices', 'contacts', 'disputes', 'arrangements'] as const;
type Part = (typeof PARTS)[number];

function csvOf(file: AgencyFile, part: Part): string {
  const { client } = file;
  const address = client.postalAddress;
  switch (part) {
    case 'invoices':
      return renderCsv(
        [
          'case_id',
          'agency',
          'handed_on',
          'client_id',
          'client',
          'email',
          'phone',
          'address_line1',
          'address_line2',
          'city',
          'region',
          'postal_code',
          'country',
          'matter_number',
          'invoice_number',
          'issued_on',
          'due_on',
          'currency',
          'original_amount',
          'open_amount',
          'fee_arbitration_notice_delivered_on',
        ],
        file.invoices.map((invoice) => [
          file.caseId,
          file.agency,
          file.handedOn,
          client.id,
          client.name,
          client.email ?? '',
          client.phone ?? '',
          address?.line1 ?? '',
          address?.line2 ?? '',
          address?.city ?? '',
          address?.region ?? '',
          address?.postalCode ?? '',
          address?.country ?? '',
          invoice.matterNumber ?? '',
          invoice.invoiceNumber,
          invoice.issuedOn,
          invoice.dueOn,
          invoice.open.currency,
          invoice.original.amount,
          invoice.open.amount,
          invoice.feeArbitrationNoticeDeliveredOn ?? '',
        ]),
        [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      );
    case 'contacts':
      return renderCsv(
        ['at', 'channel', 'outcome', 'stage', 'invoice_numbers'],
        file.contacts.map((contact) => [
          contact.at,
          contact.channel,
          contact.outcome,
          contact.stage ?? '',
          contact.invoiceNumbers.join(' '),
        ]),
        [4],
      );
    case 'disputes':
      return renderCsv(
        ['invoice_number', 'currency', 'amount', 'credited', 'status', 'deadline', 'reason'],
        file.disputes.map((dispute) => [
          dispute.invoiceNumber,
          dispute.amount.currency,
          dispute.amount.amount,
          dispute.credited?.amount ?? '',
          dispute.status,
          dispute.deadline,
          dispute.reason,
        ]),
        [0, 6],
      );
    case 'arrangements':
      return renderCsv(
        ['kind', 'currency', 'amount', 'due_on', 'instalments', 'outcome', 'invoice_numbers'],
        [
          ...file.promises.map((promise) => [
            'PROMISE',
            promise.amount.currency,
            promise.amount.amount,
            promise.payBy,
            '',
            promise.outcome,
            promise.invoiceNumbers.join(' '),
          ]),
          ...file.plans.map((plan) => [
            'PLAN',
            plan.total.currency,
            plan.total.amount,
            plan.instalments.at(-1)?.dueOn ?? '',
            String(plan.instalments.length),
            plan.outcome,
            plan.invoiceNumbers.join(' '),
          ]),
        ],
        [6],
      );
  }
}

/**
 * What a collection agency is given with a case (partner or collections agent of the firm, only
 * while the case is with the agency): the whole file as JSON, or its CSV files by `part`.
 */
export const agencyFileRoutes: RestRoute<CollectionsDependencies>[] = [
  {
    method: 'GET',
    url: '/cases/:caseId/agency-file.json',
    async handle(request, reply, { caller, deps }) {
      const { caseId } = parseInput(z.object({ caseId: id }), request.params);
      return reply.send(await agencyFile({ ...deps, caller }, caseId));
    },
  },
  {
    method: 'GET',
    url: '/cases/:caseId/agency-file.csv',
    async handle(request, reply, { caller, deps }) {
      const { caseId } = parseInput(z.object({ caseId: id }), request.params);
      const { part } = parseInput(
        z.object({ part: oneOf(PARTS).default('invoices') }),
        request.query,
      );
      const file = await agencyFile({ ...deps, caller }, caseId);
      return csvReply(reply, `agency-file-${caseId}-${part}`, csvOf(file, part));
    },
  },
];
