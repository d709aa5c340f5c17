import { z } from 'zod';
import {
  currentContext,
  DomainRuleError,
  UnauthenticatedError,
  type HttpApp,
  type Identity,
} from '@lexfin/platform';
import { allow, parseInput, Roles, type Actor, type BillingDeps } from '../app/context';
import { id } from '../app/inputs';
import { loadInvoiceDocuments, toLedesInvoice } from '../app/invoice-documents';
import { formatLedes } from '../domain/ledes/format';
import { parseLedes } from '../domain/ledes/parse';
import { renderInvoicePdf, textOf } from './invoice-pdf';

export interface RouteOptions {
  deps: BillingDeps;
  remittanceDetails: string;
  /** The largest LEDES file the parser accepts. */
  ledesBodyLimitBytes?: number;
}

function actorOf(request: { identity: Identity | null; id: string }): Actor {
  const identity = request.identity;
  if (!identity) throw new UnauthenticatedError();
  return {
    firmId: identity.firmId,
    userId: identity.userId,
    roles: identity.roles,
    ...(identity.clientId === undefined ? {} : { clientId: identity.clientId }),
    correlationId: currentContext()?.correlationId ?? String(request.id),
  };
}

const invoiceParams = z.object({ id });
const exportQuery = z.object({ invoiceId: z.union([id, z.array(id).min(1).max(500)]) });
const LEDES_TYPE = 'text/plain; charset=utf-8';

/** REST routes: LEDES 1998B export and parsing, invoice PDFs. Errors are problem+json. */
export function registerBillingRoutes(app: HttpApp, options: RouteOptions): void {
  const { deps } = options;
  const exportLedes = async (actor: Actor, invoiceIds: string[]) => {
    const documents = await loadInvoiceDocuments(deps, actor, invoiceIds);
    return formatLedes(documents.map(toLedesInvoice));
  };

  app.get('/invoices/:id/ledes', async (request, reply) => {
    const { id: invoiceId } = parseInput(invoiceParams, request.params);
    const body = await exportLedes(actorOf(request), [invoiceId]);
    return reply
      .type(LEDES_TYPE)
      .header('content-disposition', `attachment; filename="${invoiceId}.txt"`)
      .send(body);
  });

  app.get('/ledes/export', async (request, reply) => {
    const { invoiceId } = parseInput(exportQuery, request.query);
    const body = await exportLedes(
      actorOf(request),
      Array.isArray(invoiceId) ? invoiceId : [invoiceId],
    );
    return reply
      .type(LEDES_TYPE)
      .header('content-disposition', 'attachment; filename="ledes.txt"')
      .send(body);
  });

  app.post(
    '/ledes/parse',
    { bodyLimit: options.ledesBodyLimitBytes ?? 10 * 1024 * 1024 },
    async (request) => {
      allow(actorOf(request), Roles.staffRead);
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
  );

  app.get('/invoices/:id/pdf', async (request, reply) => {
    const { id: invoiceId } = parseInput(invoiceParams, request.params);
    const [document] = await loadInvoiceDocuments(deps, actorOf(request), [invoiceId]);
    const pdf = await renderInvoicePdf(
      textOf(document!, options.remittanceDetails),
      document!.invoice.issued_at!,
    );
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `inline; filename="invoice-${document!.invoice.invoice_number}.pdf"`,
      )
      .send(pdf);
  });
}
