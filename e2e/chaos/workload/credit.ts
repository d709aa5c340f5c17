import { money, type Operation } from './firm';

/** Credit assessment: a partner sets a client's limit. */
export const creditOperations: Operation[] = [
  {
    name: 'set credit limit',
    weight: 0.5,
    async run(firm) {
      const { clientId } = firm.random.pick(firm.matters);
      await firm.frontEnd.send(
        'setCreditLimit',
        `mutation($clientId: ID!, $amount: MoneyInput!, $idempotencyKey: String!) {
           setCreditLimit(clientId: $clientId, amount: $amount, reason: "Annual review",
             idempotencyKey: $idempotencyKey) { clientId } }`,
        {
          clientId,
          amount: money(firm.random.int(5, 40) * 10_000),
          idempotencyKey: firm.key('credit-limit'),
        },
        (data) => data.setCreditLimit.clientId,
      );
    },
  },
];
