import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '@lexfin/testing';
import { dataOf } from './operations';

type Money = { amount: string; currency: string };
type Item = { id: string; amount: Money };

export interface Reconciliation {
  id: string;
  status: string;
  balanced: boolean;
  matchedLines: number;
  depositsInTransit: Item[];
  outstandingChecks: Item[];
  unmatchedBankLines: (Item & { bankReference: string })[];
  unmatchedJournalEntries: Item[];
  adjustedBankBalance: Money;
  journalBalance: Money;
  clientLedgersTotal: Money;
  signedOffBy: string | null;
  clientTrialBalance: { total: Money };
}

const ITEM = 'id entryType effectiveDate amount { amount currency } reference';
export const RECONCILIATION_FIELDS = `id trustAccountId periodEnd status statementBalance { amount currency }
  depositsInTransit { ${ITEM} } outstandingChecks { ${ITEM} } unmatchedJournalEntries { ${ITEM} }
  cancelledEntries { ${ITEM} }
  unmatchedBankLines { id bankReference postedOn amount { amount currency } description checkNumber }
  totalDepositsInTransit { amount currency } totalOutstandingChecks { amount currency }
  adjustedBankBalance { amount currency } journalBalance { amount currency }
  clientLedgersTotal { amount currency } balanced matchedLines
  clientTrialBalance { total { amount currency } lines { ledgerKind clientId matterId balance { amount } } }
  startedBy signedOffBy signedOffAt`;

const START = `mutation ($key: String!, $input: StartTrustReconciliationInput!) {
  startTrustReconciliation(idempotencyKey: $key, input: $input) { ${RECONCILIATION_FIELDS} }
}`;

export const MATCH = `mutation ($reconciliationId: ID!, $statementLineId: ID!, $entryId: ID!) {
  matchStatementLine(reconciliationId: $reconciliationId, statementLineId: $statementLineId, entryId: $entryId) { ${RECONCILIATION_FIELDS} }
}`;

export const UNMATCH = `mutation ($reconciliationId: ID!, $statementLineId: ID!) {
  unmatchStatementLine(reconciliationId: $reconciliationId, statementLineId: $statementLineId) { ${RECONCILIATION_FIELDS} }
}`;

export const SIGN_OFF = `mutation ($key: String!, $id: ID!) {
  signOffTrustReconciliation(idempotencyKey: $key, reconciliationId: $id) { ${RECONCILIATION_FIELDS} }
}`;

export const RECONCILIATION = `query ($id: ID!) { trustReconciliation(id: $id) { ${RECONCILIATION_FIELDS} } }`;

const IMPORT = `mutation ($key: String!, $input: ImportBankStatementInput!) {
  importBankStatement(idempotencyKey: $key, input: $input) { imported }
}`;

/** Imports CSV rows `date,amount,description,reference,check number` (default mapping). */
export async function importCsv(client: GraphQLClient, trustAccountId: string, rows: string[]) {
  const content = ['Date,Amount,Description,Reference,Check Number', ...rows].join('\n');
  const response = await client.request(IMPORT, {
    key: randomUUID(),
    input: { trustAccountId, format: 'CSV', fileName: 'statement.csv', content },
  });
  return dataOf<{ imported: number }>(response, 'importBankStatement');
}

export function startReconciliation(
  client: GraphQLClient,
  trustAccountId: string,
  periodEnd: string,
  statementBalance: string,
) {
  return client.request(START, {
    key: randomUUID(),
    input: {
      trustAccountId,
      periodEnd,
      statementBalance: { amount: statementBalance, currency: 'USD' },
    },
  });
}
