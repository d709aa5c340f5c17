import { randomUUID } from 'node:crypto';
import type { GraphQLClient, GraphQLResponse } from '@lexfin/testing';
import type { OpenedMatter } from './harness';

export const ENTRY_FIELDS = `id sequence entryType amount { amount currency } effectiveDate reversesEntryId invoiceId hash previousHash`;

export const OPEN_ACCOUNT = `mutation ($key: String!, $input: OpenTrustAccountInput!) {
  openTrustAccount(idempotencyKey: $key, input: $input) {
    id name kind currency lockedThrough disbursementApprovalThreshold { amount currency }
  }
}`;

export const DEPOSIT = `mutation ($key: String!, $input: RecordTrustDepositInput!) {
  recordTrustDeposit(idempotencyKey: $key, input: $input) {
    id entryId status amount { amount currency } ledgerBalance { amount currency } clearedOn
  }
}`;

export const CLEAR = `mutation ($key: String!, $depositId: ID!, $clearedOn: String!) {
  markTrustDepositCleared(idempotencyKey: $key, depositId: $depositId, clearedOn: $clearedOn) { id status clearedOn }
}`;

export const RETURN_DEPOSIT = `mutation ($key: String!, $depositId: ID!, $returnedOn: String!, $reason: String!) {
  recordTrustDepositReturned(idempotencyKey: $key, depositId: $depositId, returnedOn: $returnedOn, reason: $reason) {
    id status ledgerBalance { amount currency }
  }
}`;

export const DISBURSE = `mutation ($key: String!, $input: RecordTrustDisbursementInput!) {
  recordTrustDisbursement(idempotencyKey: $key, input: $input) { id status entryId requestedBy decidedBy }
}`;

export const APPROVE = `mutation ($key: String!, $id: ID!) {
  approveTrustDisbursement(idempotencyKey: $key, disbursementId: $id) { id status entryId decidedBy }
}`;

export const REJECT = `mutation ($key: String!, $id: ID!, $reason: String!) {
  rejectTrustDisbursement(idempotencyKey: $key, disbursementId: $id, reason: $reason) { id status rejectionReason }
}`;

export const TRANSFER = `mutation ($key: String!, $input: TransferTrustToOperatingInput!) {
  transferTrustToOperating(idempotencyKey: $key, input: $input) { ${ENTRY_FIELDS} }
}`;

export const REFUND = `mutation ($key: String!, $input: RefundTrustToClientInput!) {
  refundTrustToClient(idempotencyKey: $key, input: $input) { ${ENTRY_FIELDS} }
}`;

export const REVERSE = `mutation ($key: String!, $entryId: ID!, $reason: String!, $reversedOn: String!) {
  reverseTrustTransaction(idempotencyKey: $key, entryId: $entryId, reason: $reason, reversedOn: $reversedOn) { ${ENTRY_FIELDS} }
}`;

export const BANK_CHARGE = `mutation ($key: String!, $input: RecordBankChargeInput!) {
  recordBankCharge(idempotencyKey: $key, input: $input) { ${ENTRY_FIELDS} }
}`;

export const LEDGER = `query ($trustAccountId: ID!, $clientId: ID!, $matterId: ID!) {
  clientLedger(trustAccountId: $trustAccountId, clientId: $clientId, matterId: $matterId) {
    balance { amount } available { amount } uncleared { amount }
    entries { entry { id entryType amount { amount } } runningBalance { amount } }
  }
}`;

export const VERIFY = `query ($id: ID!) {
  verifyTrustJournal(trustAccountId: $id) { valid entriesChecked firstBadEntryId problem }
}`;

export const usd = (amount: string) => ({ amount, currency: 'USD' });

/** Unwraps `data.<field>`, failing the test with the errors when there is none. */
export function dataOf<T = Record<string, unknown>>(
  response: GraphQLResponse<Record<string, unknown>>,
  field: string,
): T {
  if (!response.data?.[field]) throw new Error(`no ${field}: ${JSON.stringify(response.errors)}`);
  return response.data[field] as T;
}

export function errorCode(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

export async function openAccount(
  client: GraphQLClient,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await client.request(OPEN_ACCOUNT, {
    key: randomUUID(),
    input: {
      name: 'IOLTA',
      kind: 'IOLTA',
      currency: 'USD',
      bankName: 'First Harbour Bank',
      accountLast4: '4321',
      disbursementApprovalThreshold: usd('10000.00'),
      ...overrides,
    },
  });
  return dataOf<{ id: string }>(response, 'openTrustAccount').id;
}

export async function deposit(
  client: GraphQLClient,
  trustAccountId: string,
  matter: OpenedMatter,
  amount: string,
  method = 'WIRE',
  receivedOn = '2026-03-02',
) {
  const response = await client.request(DEPOSIT, {
    key: randomUUID(),
    input: {
      trustAccountId,
      fundsOwner: 'CLIENT',
      ...matter,
      amount: usd(amount),
      method,
      receivedOn,
      payor: 'A. Client',
    },
  });
  return dataOf<{ id: string; entryId: string; status: string }>(response, 'recordTrustDeposit');
}

export function disburse(
  client: GraphQLClient,
  trustAccountId: string,
  matter: OpenedMatter,
  amount: string,
  extra: Record<string, unknown> = {},
) {
  return client.request(DISBURSE, {
    key: randomUUID(),
    input: {
      trustAccountId,
      ...matter,
      amount: usd(amount),
      payee: 'County Recorder',
      purpose: 'Filing fee',
      method: 'CHECK',
      checkNumber: '1001',
      paidOn: '2026-03-05',
      ...extra,
    },
  });
}

export async function ledgerBalance(
  client: GraphQLClient,
  trustAccountId: string,
  matter: OpenedMatter,
): Promise<{ balance: string; available: string; uncleared: string }> {
  const ledger = dataOf<{
    balance: { amount: string };
    available: { amount: string };
    uncleared: { amount: string };
  }>(await client.request(LEDGER, { trustAccountId, ...matter }), 'clientLedger');
  return {
    balance: ledger.balance.amount,
    available: ledger.available.amount,
    uncleared: ledger.uncleared.amount,
  };
}
