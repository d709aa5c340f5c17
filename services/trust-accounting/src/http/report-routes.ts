import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  currentContext,
  UnauthenticatedError,
  type HttpApp,
  type Identity,
} from '@lexfin/platform';
import type { CommandContext } from '../app/actor';
import { trustReconciliation } from '../app/reconciliations';
import { clientTrustStatement } from '../app/trust-statement';
import type { TrustDatabase } from '../db/schema';
import { date, id, parseArgs } from '../graphql/inputs';
import { reconciliationDocument } from './reconciliation-document';
import { renderCsv, type ReportDocument } from './report-document';
import { renderPdf } from './report-pdf';
import { statementDocument } from './statement-document';

const FORMATS = ['csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

const statementQuery = z.object({
  from: date,
  to: date,
  matterId: id.optional(),
});

/** The file to answer with: its body, content type and download headers. */
async function download(
  format: Format,
  document: ReportDocument,
  fileName: string,
  createdAt: Date,
) {
  return {
    body: format === 'csv' ? renderCsv(document) : await renderPdf(document, createdAt),
    type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
    disposition: `attachment; filename="${fileName}.${format}"`,
  };
}

/** Downloads of the reconciliation report and the client trust statement, as CSV or PDF. */
export function registerReportRoutes(app: HttpApp, db: Kysely<TrustDatabase>) {
  const contextOf = (request: { identity: Identity | null; id: string }): CommandContext => {
    if (!request.identity) throw new UnauthenticatedError();
    return {
      db,
      identity: request.identity,
      correlationId: currentContext()?.correlationId ?? request.id,
    };
  };
  for (const format of FORMATS) {
    app.get(`/trust/reconciliations/:reconciliationId/report.${format}`, async (request, reply) => {
      const { reconciliationId } = parseArgs(z.object({ reconciliationId: id }), request.params);
      const view = await trustReconciliation(contextOf(request), reconciliationId);
      const file = await download(
        format,
        reconciliationDocument(view),
        `trust-reconciliation-${view.periodEnd}`,
        new Date(view.signedOffAt ?? view.startedAt),
      );
      return reply.type(file.type).header('content-disposition', file.disposition).send(file.body);
    });
    app.get(
      `/trust/accounts/:trustAccountId/clients/:clientId/statement.${format}`,
      async (request, reply) => {
        const params = parseArgs(z.object({ trustAccountId: id, clientId: id }), request.params);
        const query = parseArgs(statementQuery, request.query);
        const view = await clientTrustStatement(contextOf(request), { ...params, ...query });
        const file = await download(
          format,
          statementDocument(view),
          `trust-statement-${view.from}-${view.to}`,
          new Date(`${view.to}T00:00:00Z`),
        );
        return reply
          .type(file.type)
          .header('content-disposition', file.disposition)
          .send(file.body);
      },
    );
  }
}
