/**
 * Credit through the one endpoint a front-end uses: billing opens a client and matter and records
 * an expense; credit-assessment builds the client's credit file from billing's events on Kafka;
 * the gateway answers `Client { creditProfile }` from billing and credit together. Another firm
 * and the client's own portal login see nothing of it.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import { graphqlClient, mintToken, waitUntil } from '@lexfin/testing';
import { startPlatform, type Platform } from './support/platform';

let platform: Platform;
let gatewayUrl: string;

beforeAll(async () => {
  platform = await startPlatform();
  gatewayUrl = `${platform.gatewayUrl}/graphql`;
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

const staff: Role[] = ['firm_admin', 'billing_clerk', 'credit_officer', 'partner'];
const asCaller = async (firmId: string, roles: Role[], clientId?: string) =>
  graphqlClient(gatewayUrl, await mintToken({ firmId, roles, clientId }));

async function clientWithExpense(firmId: string) {
  const firm = await asCaller(firmId, staff);
  const created = await firm.request<{ createClient: { id: string } }>(
    'mutation($input: CreateClientInput!) { createClient(input: $input) { id } }',
    {
      input: {
        displayName: 'Harbour & Finch LLP',
        kind: 'ORGANISATION',
        timeZone: 'America/New_York',
        currency: 'USD',
      },
    },
  );
  expect(created.errors).toBeUndefined();
  const clientId = created.data!.createClient.id;
  const owners = await firm.request<{
    createTimekeeper: { id: string };
    addPracticeArea: { id: string };
  }>(
    `mutation { createTimekeeper(input: { name: "A. Partner", classification: PARTNR }) { id }
      addPracticeArea(name: "Litigation") { id } }`,
  );
  expect(owners.errors).toBeUndefined();
  const opened = await firm.request<{ openMatter: { id: string } }>(
    'mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }',
    {
      input: {
        clientId,
        matterNumber: `M-${randomUUID().slice(0, 8)}`,
        description: 'Commercial lease dispute',
        responsiblePartnerId: owners.data!.createTimekeeper.id,
        practiceAreaId: owners.data!.addPracticeArea.id,
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
      },
    },
  );
  expect(opened.errors).toBeUndefined();
  const expense = await firm.request(
    `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
    {
      input: {
        matterId: opened.data!.openMatter.id,
        incurredOn: '2026-06-01',
        expenseCode: 'E101',
        description: 'Court filing fee',
        unitCost: { amount: '1250.00', currency: 'USD' },
      },
    },
  );
  expect(expense.errors).toBeUndefined();
  return clientId;
}

const PROFILE = /* GraphQL */ `
  query ($id: ID!) {
    client(id: $id) {
      id
      creditProfile {
        grade
        reasons {
          code
          text
        }
        exposure {
          total {
            amount
            currency
          }
        }
      }
    }
  }
`;

interface ClientCredit {
  client: {
    id: string;
    creditProfile: {
      grade: string | null;
      reasons: { code: string; text: string }[];
      exposure: { total: { amount: string; currency: string } }[];
    } | null;
  } | null;
}

it("answers Client { creditProfile } from billing's events for firm A only", async () => {
  const firmA = randomUUID();
  const clientId = await clientWithExpense(firmA);
  const officer = await asCaller(firmA, ['credit_officer', 'firm_admin']);
  await waitUntil(async () => {
    const response = await officer.request<ClientCredit>(PROFILE, { id: clientId });
    return response.data?.client?.creditProfile?.exposure.length === 1;
  }, 60_000);
  const response = await officer.request<ClientCredit>(PROFILE, { id: clientId });
  expect(response.errors).toBeUndefined();
  expect(response.data?.client).toEqual({
    id: clientId,
    creditProfile: {
      grade: null,
      reasons: [{ code: 'INSUFFICIENT_HISTORY', text: 'Insufficient payment history to grade' }],
      exposure: [{ total: { amount: '1250.00', currency: 'USD' } }],
    },
  });

  const firmB = await asCaller(randomUUID(), ['credit_officer', 'firm_admin']);
  const other = await firmB.request<ClientCredit>(PROFILE, { id: clientId });
  expect(other.data?.client?.creditProfile ?? null).toBeNull();

  const portal = await asCaller(firmA, ['client_portal'], clientId);
  const own = await portal.request<ClientCredit>(PROFILE, { id: clientId });
  expect(own.data?.client?.creditProfile ?? null).toBeNull();
});
