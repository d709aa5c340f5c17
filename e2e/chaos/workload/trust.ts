import { money, type Operation } from './firm';

/**
 * Trust accounting: retainers in, cleared, moved to operating against invoices, paid out,
 * returned by the bank, reversed as entered in error, and reconciled against bank statements.
 */
export const trustOperations: Operation[] = [
  {
    name: 'trust deposit',
    weight: 2,
    async run(firm) {
      const { clientId, matterId } = firm.random.pick(firm.matters);
      const idempotencyKey = firm.key('deposit');
      const amountMinor = firm.random.int(3, 15) * 10_000;
      const deposit = await firm.frontEnd.send(
        'recordTrustDeposit',
        `mutation($idempotencyKey: String!, $input: RecordTrustDepositInput!) {
           recordTrustDeposit(idempotencyKey: $idempotencyKey, input: $input) { id entryId } }`,
        {
          idempotencyKey,
          input: {
            trustAccountId: firm.trustAccountId,
            fundsOwner: 'CLIENT',
            clientId,
            matterId,
            amount: money(amountMinor),
            method: 'WIRE',
            receivedOn: firm.today,
            payor: 'Client retainer',
            reference: idempotencyKey,
          },
        },
        (data) => data.recordTrustDeposit.id,
      );
      if (deposit.kind === 'acknowledged') {
        firm.deposits.push({
          id: deposit.data.recordTrustDeposit.id,
          clientId,
          matterId,
          done: false,
        });
        firm.reversibleEntries.push(deposit.data.recordTrustDeposit.entryId);
        firm.depositsNotOnStatement.push({ reference: idempotencyKey, amountMinor });
      }
    },
  },
  {
    name: 'clear deposit',
    weight: 1,
    async run(firm) {
      const deposit = firm.deposits.find((candidate) => !candidate.done);
      if (!deposit) return;
      const cleared = await firm.frontEnd.send(
        'markTrustDepositCleared',
        `mutation($idempotencyKey: String!, $depositId: ID!, $clearedOn: String!) {
           markTrustDepositCleared(idempotencyKey: $idempotencyKey, depositId: $depositId, clearedOn: $clearedOn) { id } }`,
        { idempotencyKey: firm.key('clear'), depositId: deposit.id, clearedOn: firm.today },
        (data) => data.markTrustDepositCleared.id,
      );
      if (cleared.kind !== 'gave-up') deposit.done = true;
    },
  },
  {
    name: 'return deposit',
    weight: 0.3,
    async run(firm) {
      const deposit = firm.deposits.find((candidate) => !candidate.done);
      if (!deposit) return;
      const returned = await firm.frontEnd.send(
        'recordTrustDepositReturned',
        `mutation($idempotencyKey: String!, $depositId: ID!, $returnedOn: String!) {
           recordTrustDepositReturned(idempotencyKey: $idempotencyKey, depositId: $depositId,
             returnedOn: $returnedOn, reason: "Insufficient funds") { id } }`,
        { idempotencyKey: firm.key('return'), depositId: deposit.id, returnedOn: firm.today },
        (data) => data.recordTrustDepositReturned.id,
      );
      if (returned.kind !== 'gave-up') deposit.done = true;
    },
  },
  {
    name: 'transfer to operating',
    weight: 2,
    async run(firm) {
      if (firm.invoices.length === 0) return;
      const invoice = firm.random.pick(firm.invoices);
      await firm.frontEnd.send(
        'transferTrustToOperating',
        `mutation($idempotencyKey: String!, $input: TransferTrustToOperatingInput!) {
           transferTrustToOperating(idempotencyKey: $idempotencyKey, input: $input) { id } }`,
        {
          idempotencyKey: firm.key('transfer'),
          input: {
            trustAccountId: firm.trustAccountId,
            invoiceId: invoice.id,
            amount: money(firm.random.int(4, 15) * 1_000),
            transferredOn: firm.today,
          },
        },
        (data) => data.transferTrustToOperating.id,
      );
    },
  },
  {
    name: 'trust disbursement',
    weight: 0.7,
    async run(firm) {
      const { clientId, matterId } = firm.random.pick(firm.matters);
      const disbursement = await firm.frontEnd.send(
        'recordTrustDisbursement',
        `mutation($idempotencyKey: String!, $input: RecordTrustDisbursementInput!) {
           recordTrustDisbursement(idempotencyKey: $idempotencyKey, input: $input) { id entryId } }`,
        {
          idempotencyKey: firm.key('disburse'),
          input: {
            trustAccountId: firm.trustAccountId,
            clientId,
            matterId,
            amount: money(firm.random.int(2, 8) * 1_000),
            payee: 'County Court Clerk',
            purpose: 'Filing fee',
            method: 'WIRE',
            paidOn: firm.today,
          },
        },
        (data) => data.recordTrustDisbursement.id,
      );
      const entryId =
        disbursement.kind === 'acknowledged' && disbursement.data.recordTrustDisbursement.entryId;
      if (entryId) firm.reversibleEntries.push(entryId);
    },
  },
  {
    name: 'reverse trust entry',
    weight: 0.3,
    async run(firm) {
      if (firm.reversibleEntries.length === 0) return;
      const [entryId] = firm.reversibleEntries.splice(
        firm.random.int(0, firm.reversibleEntries.length - 1),
        1,
      );
      // Taking back a deposit already spent is refused, and a refusal is final: the check sees it.
      await firm.frontEnd.send(
        'reverseTrustTransaction',
        `mutation($idempotencyKey: String!, $entryId: ID!, $reversedOn: String!) {
           reverseTrustTransaction(idempotencyKey: $idempotencyKey, entryId: $entryId,
             reason: "Entered in error", reversedOn: $reversedOn) { id } }`,
        { idempotencyKey: firm.key('reverse'), entryId, reversedOn: firm.today },
        (data) => data.reverseTrustTransaction.id,
      );
    },
  },
  {
    name: 'reconcile trust account',
    weight: 0.15,
    async run(firm) {
      const lines = firm.depositsNotOnStatement.splice(0);
      if (lines.length === 0) return;
      const content = [
        'Date,Amount,Description,Reference',
        ...lines.map(
          (line) => `${firm.today},${money(line.amountMinor).amount},Deposit,${line.reference}`,
        ),
      ].join('\n');
      const imported = await firm.frontEnd.send(
        'importBankStatement',
        `mutation($idempotencyKey: String!, $input: ImportBankStatementInput!) {
           importBankStatement(idempotencyKey: $idempotencyKey, input: $input) { statementId } }`,
        {
          idempotencyKey: firm.key('statement'),
          input: {
            trustAccountId: firm.trustAccountId,
            format: 'CSV',
            fileName: `statement-${firm.today}.csv`,
            content,
          },
        },
        (data) => data.importBankStatement.statementId,
      );
      if (imported.kind !== 'acknowledged') return;
      firm.statementBalanceMinor += lines.reduce((sum, line) => sum + line.amountMinor, 0);
      // One reconciliation is open at a time: later starts are refused until one is signed off,
      // and sign-off is refused while the bank and the journal disagree (disbursements are not on
      // these statements). Both refusals are final answers, as a trust accountant would get.
      const started = await firm.frontEnd.send(
        'startTrustReconciliation',
        `mutation($idempotencyKey: String!, $input: StartTrustReconciliationInput!) {
           startTrustReconciliation(idempotencyKey: $idempotencyKey, input: $input) { id } }`,
        {
          idempotencyKey: firm.key('reconcile'),
          input: {
            trustAccountId: firm.trustAccountId,
            periodEnd: firm.today,
            statementBalance: money(firm.statementBalanceMinor),
          },
        },
        (data) => data.startTrustReconciliation.id,
      );
      if (started.kind !== 'acknowledged') return;
      await firm.frontEnd.send(
        'signOffTrustReconciliation',
        `mutation($idempotencyKey: String!, $reconciliationId: ID!) {
           signOffTrustReconciliation(idempotencyKey: $idempotencyKey, reconciliationId: $reconciliationId) { id } }`,
        {
          idempotencyKey: firm.key('sign-off'),
          reconciliationId: started.data.startTrustReconciliation.id,
        },
        (data) => data.signOffTrustReconciliation.id,
      );
    },
  },
];
