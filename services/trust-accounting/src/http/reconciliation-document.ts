import type { MoneyOutput } from '@lexfin/subgraph';
import type {
  ReconcilingEntryView,
  ReconciliationView,
} from '../app/reports/reconciliation-report';
import { showMoney as show, type ReportDocument, type ReportSection } from './report-document';

const ENTRY_COLUMNS = ['Date', 'Type', 'Reference', 'Description', 'Client', 'Matter', 'Amount'];

function entrySection(heading: string, entries: ReconcilingEntryView[], total?: MoneyOutput) {
  return {
    heading,
    columns: ENTRY_COLUMNS,
    rows: entries.map((entry) => [
      entry.effectiveDate,
      entry.entryType,
      entry.reference ?? '',
      entry.description,
      entry.clientId ?? '',
      entry.matterId ?? '',
      entry.amount.amount,
    ]),
    totals: total ? [['Total', show(total)]] : [],
  } satisfies ReportSection;
}

/** The three-way reconciliation report a bar auditor reads, with the client trial balance. */
export function reconciliationDocument(view: ReconciliationView): ReportDocument {
  return {
    title: `Three-way trust reconciliation as of ${view.periodEnd}`,
    facts: [
      ['Trust account', view.trustAccountId],
      ['Reconciliation', view.id],
      ['Status', view.status],
      ['Bank statement balance', show(view.statementBalance)],
      ['Add deposits in transit', show(view.totalDepositsInTransit)],
      ['Less outstanding checks', show(view.totalOutstandingChecks)],
      ['(a) Adjusted bank balance', show(view.adjustedBankBalance)],
      ['(b) Trust journal balance', show(view.journalBalance)],
      ['(c) Sum of client ledgers', show(view.clientLedgersTotal)],
      ['In agreement', view.balanced ? 'yes' : 'no'],
      ['Prepared by', view.startedBy],
      ['Signed off by', view.signedOffBy ?? 'not signed off'],
      ['Signed off at', view.signedOffAt ?? ''],
    ],
    sections: [
      entrySection('Deposits in transit', view.depositsInTransit, view.totalDepositsInTransit),
      entrySection('Outstanding checks', view.outstandingChecks, view.totalOutstandingChecks),
      {
        heading: 'Bank lines not in the journal',
        columns: ['Date', 'Bank reference', 'Check', 'Description', 'Amount'],
        rows: view.unmatchedBankLines.map((line) => [
          line.postedOn,
          line.bankReference,
          line.checkNumber ?? '',
          line.description,
          line.amount.amount,
        ]),
        totals: [],
      },
      entrySection('Journal entries not at the bank', view.unmatchedJournalEntries),
      entrySection('Entries reversed before reaching the bank', view.cancelledEntries),
      {
        heading: `Client trial balance as of ${view.clientTrialBalance.asOf}`,
        columns: ['Ledger', 'Client', 'Client id', 'Matter', 'Balance'],
        rows: view.clientTrialBalance.lines.map((line) => [
          line.ledgerKind === 'FIRM_FUNDS' ? 'Firm funds (bank charges)' : 'Client matter',
          line.clientName ?? '',
          line.clientId ?? '',
          line.matterNumber ?? '',
          line.balance.amount,
        ]),
        totals: [['Total', show(view.clientTrialBalance.total)]],
      },
    ],
  };
}
