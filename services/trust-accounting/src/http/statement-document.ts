import type { ClientTrustStatementView } from '../app/reports/client-trust-statement';
import { showMoney as show, type ReportDocument } from './report-document';

/** The client trust statement: per matter, the opening balance, every entry, the closing one. */
export function statementDocument(view: ClientTrustStatementView): ReportDocument {
  return {
    title: `Client trust statement ${view.from} to ${view.to}`,
    facts: [
      ['Client', view.clientName],
      ['Client id', view.clientId],
      ['Trust account', view.trustAccountName],
    ],
    sections: view.matters.map((matter) => ({
      heading: `Matter ${matter.matterNumber}: ${matter.description}`,
      columns: ['Date', 'Type', 'Description', 'Reference', 'Amount', 'Balance'],
      rows: [
        [view.from, '', 'Opening balance', '', '', matter.openingBalance.amount],
        ...matter.lines.map((line) => [
          line.date,
          line.entryType,
          line.description,
          line.reference ?? '',
          line.amount.amount,
          line.runningBalance.amount,
        ]),
      ],
      totals: [
        ['Receipts', show(matter.receipts)],
        ['Payments', show(matter.payments)],
        ['Closing balance', show(matter.closingBalance)],
      ],
    })),
  };
}
