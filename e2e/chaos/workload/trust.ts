import { money, type Operation } from './firm';

/**
 * Trust accounting: retainers in, cleared, moved to operating against invoices, paid out,
 * returned by the bank.
 */
export const trustOperations: Operation[] = [
  {
    name: 'trust deposit',
    weight: 2,
    async run(firm) {
      const { clientId, matterId } = firm.random.pick(firm.matters);
      const idempotencyKey = firm.key('deposit');
      const deposit = await firm.frontEnd.send(
        'recordTrustDeposit',
        `mutation($idempotencyKey: String!, $input: RecordTrustDepositInput!) {
           recordTrustDeposit(idempotencyKey: $idempotencyKey, input: $input) { id } }`,
        {
          idempotencyKey,
          input: {
            trustAccountId: firm.trustAccountId,
            fundsOwner: 'CLIENT',
            clientId,
            matterId,
            amount: money(firm.random.int(3, 15) * 10_000),
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
      await firm.frontEnd.send(
        'recordTrustDisbursement',
        `mutation($idempotencyKey: String!, $input: RecordTrustDisbursementInput!) {
           recordTrustDisbursement(idempotencyKey: $idempotencyKey, input: $input) { id } }`,
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
    },
  },
];
