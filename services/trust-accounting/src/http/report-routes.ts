import { z } from 'zod';
import { input, type RestRoute } from '@lexfin/service-kit';
import { trustReconciliation } from '../app/reconciliation/reconciliations';
import { clientTrustStatement } from '../app/reports/client-trust-statement';
import type { TrustDependencies } from '../app/trust-scope';
import { reconciliationDocument } from './reconciliation-document';
import { renderCsv, type ReportDocument } from './report-document';
import { renderPdf } from './report-pdf';
import { statementDocument } from './statement-document';

const FORMATS = ['csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

const { date, id, parseInput } = input;

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
export const reportRoutes: RestRoute<TrustDependencies>[] = FORMATS.flatMap(
  (format): RestRoute<TrustDependencies>[] => [
    {
      method: 'GET',
      url: `/trust/reconciliations/:reconciliationId/report.${format}`,
      async handle(request, reply, { caller, deps }) {
        const { reconciliationId } = parseInput(z.object({ reconciliationId: id }), request.params);
        const view = await trustReconciliation({ ...deps, caller }, reconciliationId);
        const file = await download(
          format,
          reconciliationDocument(view),
          `trust-reconciliation-${view.periodEnd}`,
          new Date(view.signedOffAt ?? view.startedAt),
        );
        return reply
          .type(file.type)
          .header('content-disposition', file.disposition)
          .send(file.body);
      },
    },
    {
      method: 'GET',
      url: `/trust/accounts/:trustAccountId/clients/:clientId/statement.${format}`,
      async handle(request, reply, { caller, deps }) {
        const params = parseInput(z.object({ trustAccountId: id, clientId: id }), request.params);
        const query = parseInput(statementQuery, request.query);
        const view = await clientTrustStatement({ ...deps, caller }, { ...params, ...query });
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
    },
  ],
);
