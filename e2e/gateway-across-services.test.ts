/**
 * The whole path a firm front-end takes: one token, one endpoint (the gateway), data from two
 * services. Billing creates the client and matter; trust-accounting learns of them over Kafka and
 * takes a deposit; the gateway answers `Client { trustBalance }` from both. Another firm sees
 * nothing of it, and a client_portal login sees only its own client.
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
});

afterAll(async () => {
  await platform?.close();
});

const staff: Role[] = ['firm_admin', 'billing_clerk', 'trust_accountant', 'partner'];
const asCaller = async (firmId: string, roles: Role[], clientId?: string, correlationId?: string) =>
  graphqlClient(
    gatewayUrl,
    await mintToken({ firmId, roles, clientId }),
    correlationId ? { 'x-correlation-id': correlationId } : {},
  );

interface ClientView {
  id: string;
  displayName: string;
  trustBalance: Array<{ amount: string; currency: string }>;
}

async function createClientWithMatter(firmId: string, displayName: string, correlationId?: string) {
  const firmA = await asCaller(firmId, staff, undefined, correlationId);
  const created = await firmA.request<{ createClient: { id: string } }>(
    'mutation($input: CreateClientInput!) { createClient(input: $input) { id } }',
    { input: { displayName, kind: 'ORGANISATION', timeZone: 'America/New_York', currency: 'USD' } },
  );
  expect(created.errors).toBeUndefined();
  const clientId = created.data!.createClient.id;
  const owners = await firmA.request<{
    createTimekeeper: { id: string };
    addPracticeArea: { id: string };
  }>(
    `mutation($area: String!) {
      createTimekeeper(input: { name: "A. Partner", classification: PARTNR }) { id }
      addPracticeArea(name: $area) { id }
    }`,
    { area: `Litigation ${displayName}` },
  );
  expect(owners.errors).toBeUndefined();
  const opened = await firmA.request<{ openMatter: { id: string } }>(
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
  return { clientId, matterId: opened.data!.openMatter.id };
}

it('answers Client { trustBalance } across billing and trust-accounting for firm A only', async () => {
  const firmA = randomUUID();
  const correlationId = `front-end-${randomUUID()}`;
  const { clientId, matterId } = await createClientWithMatter(
    firmA,
    'Harbour & Finch LLP',
    correlationId,
  );
  const other = await createClientWithMatter(firmA, 'Pier Nine Holdings');
  // Trust-accounting learns of the matter from billing's events on Kafka.
  await waitUntil(async () => {
    const matter = await platform.trustDatabase.owner.db
      .selectFrom('matters')
      .select('matter_id')
      .where('matter_id', '=', matterId)
      .executeTakeFirst();
    return matter !== undefined;
  });

  const trustAccountant = await asCaller(firmA, staff, undefined, correlationId);
  const account = await trustAccountant.request<{ openTrustAccount: { id: string } }>(
    `mutation($input: OpenTrustAccountInput!) { openTrustAccount(idempotencyKey: "open-iolta", input: $input) { id } }`,
    {
      input: {
        name: 'IOLTA operating trust',
        kind: 'IOLTA',
        currency: 'USD',
        bankName: 'First Harbour Bank',
        accountLast4: '4321',
        disbursementApprovalThreshold: { amount: '10000.00', currency: 'USD' },
      },
    },
  );
  expect(account.errors).toBeUndefined();
  const deposit = await trustAccountant.request(
    `mutation($input: RecordTrustDepositInput!) { recordTrustDeposit(idempotencyKey: "retainer-1", input: $input) { id } }`,
    {
      input: {
        trustAccountId: account.data!.openTrustAccount.id,
        fundsOwner: 'CLIENT',
        clientId,
        matterId,
        amount: { amount: '2500.00', currency: 'USD' },
        method: 'WIRE',
        receivedOn: '2026-11-20',
        payor: 'Harbour & Finch LLP',
      },
    },
  );
  expect(deposit.errors).toBeUndefined();

  const query =
    'query($id: ID!) { client(id: $id) { id displayName trustBalance { amount currency } } }';
  const seenByFirmA = await (
    await asCaller(firmA, ['partner'])
  ).request<{ client: ClientView }>(query, { id: clientId });
  expect(seenByFirmA.errors).toBeUndefined();
  expect(seenByFirmA.data?.client).toEqual({
    id: clientId,
    displayName: 'Harbour & Finch LLP',
    trustBalance: [{ amount: '2500.00', currency: 'USD' }],
  });

  const firmB = await asCaller(randomUUID(), staff);
  const seenByFirmB = await firmB.request<{ client: ClientView | null; clients: ClientView[] }>(
    'query($id: ID!) { client(id: $id) { id displayName trustBalance { amount } } clients { id } }',
    { id: clientId },
  );
  expect(seenByFirmB.data?.client ?? null).toBeNull();
  expect(seenByFirmB.data?.clients).toEqual([]);

  const portal = await asCaller(firmA, ['client_portal'], clientId);
  const ownClient = await portal.request<{ client: ClientView }>(query, { id: clientId });
  expect(ownClient.data?.client.trustBalance).toEqual([{ amount: '2500.00', currency: 'USD' }]);
  const otherClient = await portal.request<{ client: ClientView | null }>(query, {
    id: other.clientId,
  });
  expect(otherClient.data?.client ?? null).toBeNull();
});
