import { z } from 'zod';
import { DomainRuleError } from '@lexfin/platform';
import { allow, input, type Caller, type RestRoute } from '@lexfin/service-kit';
import type { BillingDeps, BillingServiceDeps } from '../app/deps';
import { loadInvoiceDocuments, toLedesInvoice } from '../app/invoice-documents';
import { Roles } from '../app/roles';
import { formatLedes } from '../domain/ledes/format';
import { parseLedes } from '../domain/ledes/parse';
import { renderInvoicePdf, textOf } from './invoice-pdf';

const invoiceParams = z.object({ id: input.id });
const exportQuery = z.object({
  invoiceId: z.union([input.id, z.array(input.id).min(1).max(500)]),
});
const LEDES_TYPE = 'text/plain; charset=utf-8';

async function exportLedes(deps: BillingDeps, caller: Caller, invoiceIds: string[]) {
  const documents = await loadInvoiceDocuments(deps, caller, invoiceIds);
  return formatLedes(documents.map(toLedesInvoice));
}

/** REST routes: LEDES 1998B export and parsing, invoice PDFs. Errors are problem+json. */
export const billingRoutes: readonly RestRoute<BillingServiceDeps>[] = [
  {
    method: 'GET',
    url: '/invoices/:id/ledes',
    async handle(request, reply, { caller, deps }) {
      const { id: invoiceId } = input.parseInput(invoiceParams, request.params);
      const body = await exportLedes(deps, caller, [invoiceId]);
      return reply
        .type(LEDES_TYPE)
        .header('content-disposition', `attachment; filename="${invoiceId}.txt"`)
        .send(body);
    },
  },
  {
    method: 'GET',
    url: '/ledes/export',
    async handle(request, reply, { caller, deps }) {
      const { invoiceId } = input.parseInput(exportQuery, request.query);
      const body = await exportLedes(
        deps,
        caller,
        Array.isArray(invoiceId) ? invoiceId : [invoiceId],
      );
      return reply
        .type(LEDES_TYPE)
        .header('content-disposition', 'attachment; filename="ledes.txt"')
        .send(body);
    },
  },
  {
    method: 'POST',
    url: '/ledes/parse',
    // The largest LEDES file the parser accepts; Fastify's default would stop at 1 MiB.
    bodyLimitBytes: 10 * 1024 * 1024,
    async handle(request, _reply, { caller }) {
      allow(caller, Roles.staffRead);
      if (typeof request.body !== 'string') {
        throw new DomainRuleError('INVALID_LEDES', 'Send the LEDES file as text/plain');
      }
      const { invoices, problems } = parseLedes(request.body);
      if (problems.length > 0) {
        throw new DomainRuleError('INVALID_LEDES', `The file has ${problems.length} problem(s)`, {
          problems,
        });
      }
      return { invoices };
    },
  },
  {
    method: 'GET',
    url: '/invoices/:id/pdf',
    async handle(request, reply, { caller, deps }) {
      const { id: invoiceId } = input.parseInput(invoiceParams, request.params);
      const [document] = await loadInvoiceDocuments(deps, caller, [invoiceId]);
      const pdf = await renderInvoicePdf(
        textOf(document!, deps.remittanceDetails),
        document!.invoice.issued_at!,
      );
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="invoice-${document!.invoice.invoice_number}.pdf"`,
        )
        .send(pdf);
    },
  },
];
