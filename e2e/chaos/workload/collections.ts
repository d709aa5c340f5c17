import type { Operation } from './firm';

/** Collections: a client asks for fee arbitration on a matter. */
export const collectionsOperations: Operation[] = [
  {
    name: 'fee arbitration request',
    weight: 0.2,
    async run(firm) {
      const { clientId, matterId } = firm.random.pick(firm.matters);
      await firm.frontEnd.send(
        'recordFeeArbitrationRequest',
        `mutation($clientId: ID!, $matterId: ID!, $requestedOn: String, $idempotencyKey: String!) {
           recordFeeArbitrationRequest(clientId: $clientId, matterId: $matterId,
             requestedOn: $requestedOn, idempotencyKey: $idempotencyKey) { matterId } }`,
        { clientId, matterId, requestedOn: firm.today, idempotencyKey: firm.key('arbitration') },
        (data) => data.recordFeeArbitrationRequest.matterId,
      );
    },
  },
];
