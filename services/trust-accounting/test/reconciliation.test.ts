import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '@lexfin/testing';
import { billingMatterEvents, startTrustHarness, type TrustHarness } from './harness';
import {
  BANK_CHARGE,
  CLEAR,
  dataOf,
  deposit,
  DEPOSIT,
  disburse,
  errorCode,
  openAccount,
  RETURN_DEPOSIT,
  usd,
} from './operations';
import {
  importCsv,
  MATCH,
  type Reconciliation,
  RECONCILIATION,
  SIGN_OFF,
  startReconciliation,
  UNMATCH,
} from './reconciliation-operations';

let harness: TrustHarness;
let accountant: GraphQLClient;
let partner: GraphQLClient;
const firmId = randomUUID();

beforeAll(async () => {
  harness = await startTrustHarness();
  accountant = await harness.as(firmId, ['trust_accountant']);
  partner = await harness.as(firmId, ['partner']);
});

afterAll(() => harness.close());

const amounts = (items: { amount: { amount: string } }[]) =>
  items.map((item) => item.amount.amount);

async function outboxTypes(): Promise<string[]> {
  const rows = await harness.database.owner.db
    .selectFrom('outbox')
    .select('event_type')
    .where('firm_id', '=', firmId)
    .where('event_type', 'like', 'lexfin.trust.reconciliation.%')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.event_type);
}

it('agrees the adjusted bank balance, the journal and the client ledgers, then freezes March', async () => {
  const trustAccountId = await openAccount(accountant);
  const { matter, events } = billingMatterEvents(firmId);
  await harness.seedBilling(firmId, events);
  // March in the books: firm funds for fees, a wire, two checks paid, a check deposit that
  // bounced, and a check deposit received on the 30th.
  dataOf(
    await accountant.request(DEPOSIT, {
      key: randomUUID(),
      input: {
        trustAccountId,
        fundsOwner: 'FIRM',
        amount: usd('100.00'),
        method: 'WIRE',
        receivedOn: '2026-03-01',
        payor: 'Firm operating account',
      },
    }),
    'recordTrustDeposit',
  );
  await deposit(accountant, trustAccountId, matter, '1000.00', 'WIRE', '2026-03-02');
  await disburse(accountant, trustAccountId, matter, '200.00', {
    checkNumber: '1001',
    paidOn: '2026-03-05',
  });
  const bounced = await deposit(
    accountant,
    trustAccountId,
    matter,
    '300.00',
    'CHECK',
    '2026-03-10',
  );
  await accountant.request(CLEAR, {
    key: randomUUID(),
    depositId: bounced.id,
    clearedOn: '2026-03-12',
  });
  await accountant.request(RETURN_DEPOSIT, {
    key: randomUUID(),
    depositId: bounced.id,
    returnedOn: '2026-03-15',
    reason: 'NSF',
  });
  await disburse(accountant, trustAccountId, matter, '150.00', {
    checkNumber: '1002',
    paidOn: '2026-03-28',
  });
  const inTransit = await deposit(
    accountant,
    trustAccountId,
    matter,
    '500.00',
    'CHECK',
    '2026-03-30',
  );

  await importCsv(accountant, trustAccountId, [
    '2026-03-01,100.00,WIRE FIRM FUNDS,BK-1,',
    '2026-03-02,1000.00,WIRE FROM CLIENT,BK-2,',
    '2026-03-08,-200.00,CHECK 1001,BK-3,1001',
    '2026-03-11,300.00,DEPOSIT,BK-4,',
    '2026-03-16,-300.00,RETURNED ITEM NSF,BK-5,',
    '2026-03-31,-25.00,MONTHLY SERVICE CHARGE,BK-6,',
    '2026-04-02,-150.00,CHECK 1002,BK-7,1002',
  ]);

  const started = dataOf<Reconciliation>(
    await startReconciliation(accountant, trustAccountId, '2026-03-31', '875.00'),
    'startTrustReconciliation',
  );
  expect(started).toMatchObject({
    status: 'IN_PROGRESS',
    matchedLines: 5,
    totalDepositsInTransit: usd('500.00'),
    totalOutstandingChecks: usd('150.00'),
    adjustedBankBalance: usd('1225.00'),
    journalBalance: usd('1250.00'),
    clientLedgersTotal: usd('1250.00'),
    balanced: false,
    unmatchedJournalEntries: [],
  });
  expect(started.depositsInTransit.map((entry) => entry.id)).toEqual([inTransit.entryId]);
  expect(amounts(started.outstandingChecks)).toEqual(['-150.00']);
  expect(started.unmatchedBankLines).toMatchObject([
    { bankReference: 'BK-6', amount: usd('-25.00') },
  ]);
  expect(await outboxTypes()).toEqual(['lexfin.trust.reconciliation.discrepancy.v1']);

  const refused = await partner.request(SIGN_OFF, { key: randomUUID(), id: started.id });
  expect(errorCode(refused)).toBe('CONFLICT');
  expect(refused.errors?.[0]?.extensions).toMatchObject({
    adjustedBankBalance: usd('1225.00'),
    journalBalance: usd('1250.00'),
  });

  // The fee is booked, then matched by hand (after a try with the wrong entry).
  const fee = dataOf<{ id: string }>(
    await accountant.request(BANK_CHARGE, {
      key: randomUUID(),
      input: {
        trustAccountId,
        amount: usd('25.00'),
        chargedOn: '2026-03-31',
        description: 'Service charge',
      },
    }),
    'recordBankCharge',
  );
  const lineId = started.unmatchedBankLines[0]!.id;
  const wrong = await accountant.request(MATCH, {
    reconciliationId: started.id,
    statementLineId: lineId,
    entryId: inTransit.entryId,
  });
  expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
  expect(Object.keys(wrong.errors?.[0]?.extensions?.fields ?? {})).toEqual(['entryId']);
  const match = () =>
    accountant.request(MATCH, {
      reconciliationId: started.id,
      statementLineId: lineId,
      entryId: fee.id,
    });
  expect(dataOf<Reconciliation>(await match(), 'matchStatementLine')).toMatchObject({
    balanced: true,
    adjustedBankBalance: usd('1225.00'),
    journalBalance: usd('1225.00'),
    clientLedgersTotal: usd('1225.00'),
    unmatchedBankLines: [],
  });
  const unmatched = await accountant.request(UNMATCH, {
    reconciliationId: started.id,
    statementLineId: lineId,
  });
  // Apart again, the line and the fee are listed, and offset each other in the figures.
  expect(dataOf<Reconciliation>(unmatched, 'unmatchStatementLine')).toMatchObject({
    unmatchedBankLines: [{ id: lineId }],
    unmatchedJournalEntries: [{ id: fee.id }],
    balanced: true,
  });
  expect(dataOf<Reconciliation>(await match(), 'matchStatementLine').unmatchedBankLines).toEqual(
    [],
  );

  const admin = await harness.as(firmId, ['firm_admin']);
  expect(errorCode(await admin.request(SIGN_OFF, { key: randomUUID(), id: started.id }))).toBe(
    'FORBIDDEN',
  );
  const signed = dataOf<Reconciliation>(
    await partner.request(SIGN_OFF, { key: randomUUID(), id: started.id }),
    'signOffTrustReconciliation',
  );
  expect(signed).toMatchObject({ status: 'SIGNED_OFF', balanced: true });
  expect(signed.signedOffBy).toEqual(expect.any(String));
  expect(signed.clientTrialBalance.total).toEqual(usd('1225.00'));
  expect(await outboxTypes()).toEqual([
    'lexfin.trust.reconciliation.discrepancy.v1',
    'lexfin.trust.reconciliation.completed.v1',
  ]);

  // The period is frozen: no entry dated in it, no change to its matches.
  const late = await accountant.request(DEPOSIT, {
    key: randomUUID(),
    input: {
      trustAccountId,
      fundsOwner: 'CLIENT',
      ...matter,
      amount: usd('10.00'),
      method: 'WIRE',
      receivedOn: '2026-03-31',
      payor: 'A. Client',
    },
  });
  expect(errorCode(late)).toBe('PERIOD_LOCKED');
  expect(
    errorCode(
      await accountant.request(UNMATCH, { reconciliationId: started.id, statementLineId: lineId }),
    ),
  ).toBe('CONFLICT');
  const again = await startReconciliation(accountant, trustAccountId, '2026-03-31', '875.00');
  expect(errorCode(again)).toBe('BAD_USER_INPUT');
  const stored = dataOf<Reconciliation>(
    await accountant.request(RECONCILIATION, { id: started.id }),
    'trustReconciliation',
  );
  expect(stored).toEqual(signed);
  const stranger = await harness.as(randomUUID(), ['trust_accountant']);
  expect(errorCode(await stranger.request(RECONCILIATION, { id: started.id }))).toBe('NOT_FOUND');

  // April: March's outstanding check clears by its number; the March deposit is still in transit.
  await deposit(accountant, trustAccountId, matter, '10.00', 'CHECK', '2026-04-01');
  const april = dataOf<Reconciliation>(
    await startReconciliation(accountant, trustAccountId, '2026-04-30', '725.00'),
    'startTrustReconciliation',
  );
  expect(april).toMatchObject({
    matchedLines: 1,
    outstandingChecks: [],
    totalDepositsInTransit: usd('510.00'),
    adjustedBankBalance: usd('1235.00'),
    journalBalance: usd('1235.00'),
    clientLedgersTotal: usd('1235.00'),
    balanced: true,
  });
});
