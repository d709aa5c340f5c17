/**
 * Trust accounting: an IOLTA account, client deposits by several methods (one returned unpaid by
 * the bank), a disbursement, the bank's statement for last month, a reconciliation signed off,
 * and an invoice paid from trust (billing records it as a TRUST payment).
 */
import { eventually } from '../graphql.mjs';
import { addDays, monthStart, usd } from '../seeded.mjs';

const RECONCILIATION = `id balanced status unmatchedBankLines { id amount { amount } }
  unmatchedJournalEntries { id amount { amount } }`;

export async function trustAccountingStep({ as, today, say, demo }) {
  const accountant = as('trust_accountant');
  const { openTrustAccount } = await as('firm_admin')(
    `mutation($k: String!, $input: OpenTrustAccountInput!) { openTrustAccount(idempotencyKey: $k, input: $input) { id } }`,
    {
      k: 'demo-trust-account',
      input: {
        name: 'Client trust account (IOLTA)',
        kind: 'IOLTA',
        currency: 'USD',
        bankName: 'First Harbor Bank',
        accountLast4: '4821',
        disbursementApprovalThreshold: usd('50000.00'),
      },
    },
  );
  const trustAccountId = openTrustAccount.id;
  const start = monthStart(today, 5);
  const periodEnd = addDays(monthStart(today, 0), -1);
  const [shipping, , , injury, estate, dismissal] = demo.matters;
  const deposits = [
    {
      matter: shipping,
      amount: '25000.00',
      method: 'WIRE',
      day: 2,
      payor: 'Harbour & Finch Shipping Ltd',
    },
    { matter: injury, amount: '5000.00', method: 'CHECK', day: 4, payor: 'Maria Alvarez' },
    { matter: estate, amount: '12000.00', method: 'ACH', day: 6, payor: 'Estate of R. Whitfield' },
    {
      matter: dismissal,
      amount: '3000.00',
      method: 'CASHIERS_CHECK',
      day: 8,
      payor: 'Priya Raman',
    },
    {
      matter: dismissal,
      amount: '1500.00',
      method: 'CHECK',
      day: 12,
      payor: 'Priya Raman',
      returned: true,
    },
  ];
  const statement = [];
  for (const [index, deposit] of deposits.entries()) {
    const receivedOn = addDays(start, deposit.day);
    const reference = `DEMO-DEP-${index + 1}`;
    const { recordTrustDeposit } = await accountant(
      `mutation($k: String!, $input: RecordTrustDepositInput!) { recordTrustDeposit(idempotencyKey: $k, input: $input) { id status } }`,
      {
        k: `demo-deposit-${index}`,
        input: {
          trustAccountId,
          fundsOwner: 'CLIENT',
          clientId: deposit.matter.clientId,
          matterId: deposit.matter.id,
          amount: usd(deposit.amount),
          method: deposit.method,
          receivedOn,
          payor: deposit.payor,
          reference,
        },
      },
    );
    statement.push(`${receivedOn},${deposit.amount},Deposit ${deposit.payor},${reference},`);
    if (deposit.returned) {
      const returnedOn = addDays(receivedOn, 5);
      await accountant(
        `mutation($k: String!, $id: ID!, $on: String!) { recordTrustDepositReturned(idempotencyKey: $k, depositId: $id, returnedOn: $on, reason: "Insufficient funds") { id } }`,
        { k: `demo-deposit-returned-${index}`, id: recordTrustDeposit.id, on: returnedOn },
      );
      statement.push(`${returnedOn},-${deposit.amount},Returned item,${reference},`);
    } else if (recordTrustDeposit.status !== 'CLEARED') {
      // Funds by wire are available at once; the others clear a few days later.
      await accountant(
        `mutation($k: String!, $id: ID!, $on: String!) { markTrustDepositCleared(idempotencyKey: $k, depositId: $id, clearedOn: $on) { id } }`,
        {
          k: `demo-deposit-cleared-${index}`,
          id: recordTrustDeposit.id,
          on: addDays(receivedOn, 2),
        },
      );
    }
  }
  const paidOn = addDays(start, 40);
  await accountant(
    `mutation($k: String!, $input: RecordTrustDisbursementInput!) { recordTrustDisbursement(idempotencyKey: $k, input: $input) { id } }`,
    {
      k: 'demo-disbursement-1',
      input: {
        trustAccountId,
        clientId: injury.clientId,
        matterId: injury.id,
        amount: usd('850.00'),
        payee: 'Superior Court filing office',
        purpose: 'Filing fee for the complaint',
        method: 'CHECK',
        checkNumber: '1001',
        paidOn,
      },
    },
  );
  statement.push(`${paidOn},-850.00,Check 1001,,1001`);
  say('trust-accounting: an IOLTA account, 5 deposits (one returned by the bank), a disbursement');

  // Last month's bank statement, reconciled and signed off.
  await accountant(
    `mutation($k: String!, $input: ImportBankStatementInput!) { importBankStatement(idempotencyKey: $k, input: $input) { imported } }`,
    {
      k: 'demo-statement-1',
      input: {
        trustAccountId,
        format: 'CSV',
        fileName: 'first-harbor-statement.csv',
        content: ['Date,Amount,Description,Reference,Check Number', ...statement].join('\n'),
      },
    },
  );
  const balance = deposits
    .filter((deposit) => !deposit.returned)
    .reduce((sum, deposit) => sum + Math.round(Number(deposit.amount) * 100), -85_000);
  let { startTrustReconciliation: reconciliation } = await accountant(
    `mutation($k: String!, $input: StartTrustReconciliationInput!) { startTrustReconciliation(idempotencyKey: $k, input: $input) { ${RECONCILIATION} } }`,
    {
      k: 'demo-reconciliation-1',
      input: { trustAccountId, periodEnd, statementBalance: usd((balance / 100).toFixed(2)) },
    },
  );
  for (const line of reconciliation.unmatchedBankLines) {
    const entry = reconciliation.unmatchedJournalEntries.find(
      (candidate) => candidate.amount.amount === line.amount.amount,
    );
    if (!entry) continue;
    ({ matchStatementLine: reconciliation } = await accountant(
      `mutation($r: ID!, $l: ID!, $e: ID!) { matchStatementLine(reconciliationId: $r, statementLineId: $l, entryId: $e) { ${RECONCILIATION} } }`,
      { r: reconciliation.id, l: line.id, e: entry.id },
    ));
  }
  await as('partner')(
    `mutation($k: String!, $id: ID!) { signOffTrustReconciliation(idempotencyKey: $k, reconciliationId: $id) { id } }`,
    { k: 'demo-reconciliation-1-sign-off', id: reconciliation.id },
  );
  say(`trust-accounting: the statement to ${periodEnd} imported, reconciled and signed off`);

  // An overdue invoice of the shipping client paid from its trust money, once trust accounting
  // has learned of the invoice from billing's events.
  const invoice = demo.invoices.find(
    (each) => each.issued && each.matter === shipping && each.month === 3,
  );
  const { invoice: open } = await as('billing_clerk')(
    `query($id: ID!) { invoice(id: $id) { openAmount { amount } } }`,
    {
      id: invoice.id,
    },
  );
  await eventually(() =>
    accountant(
      `mutation($k: String!, $input: TransferTrustToOperatingInput!) { transferTrustToOperating(idempotencyKey: $k, input: $input) { id } }`,
      {
        k: 'demo-trust-transfer-1',
        input: {
          trustAccountId,
          invoiceId: invoice.id,
          amount: usd(open.openAmount.amount),
          transferredOn: today,
        },
      },
    ),
  );
  say('trust-accounting: an invoice paid from trust');
  Object.assign(demo, { trustAccountId });
}
