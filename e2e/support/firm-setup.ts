import type { GraphQLClient } from '@lexfin/testing';

/** The data of a request that must succeed; its errors fail the test. */
// Each answer's shape is asserted where it is used; a static type would only repeat it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ok<T = Record<string, any>>(
  client: GraphQLClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await client.request<T>(query, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/**
 * What a firm needs before it bills an hour, set up by its admin: a partner timekeeper at 300.00
 * USD an hour from 2026-01-01 (responsible for the matters) and a practice area.
 */
export async function partnerAndPracticeArea(
  admin: GraphQLClient,
  partnerName: string,
  practiceArea: string,
) {
  const owners = await ok(
    admin,
    `mutation($name: String!, $area: String!) {
       createTimekeeper(input: { name: $name, classification: PARTNR }) { id }
       addPracticeArea(name: $area) { id } }`,
    { name: partnerName, area: practiceArea },
  );
  const timekeeperId = owners.createTimekeeper.id as string;
  await ok(
    admin,
    `mutation($input: SetTimekeeperRateInput!) { setTimekeeperRate(input: $input) { id } }`,
    {
      input: {
        timekeeperId,
        effectiveFrom: '2026-01-01',
        rate: { amount: '300.00', currency: 'USD' },
      },
    },
  );
  return { timekeeperId, practiceAreaId: owners.addPracticeArea.id as string };
}
