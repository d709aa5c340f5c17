import { randomUUID } from 'node:crypto';
import { FrontEnd, type RequestLedger } from '../support/front-end';
import type { Random } from '../support/random';
import type { WebhookReceiver } from '../support/receiver';
import { sleep } from '../support/ports';
import { billingOperations } from './billing';
import { collectionsOperations } from './collections';
import { creditOperations } from './credit';
import type { Firm, Operation } from './firm';
import { trustOperations } from './trust';

/** Every service's operations; a new service joins the workload with one line here. */
export const operations: Operation[] = [
  ...billingOperations,
  ...trustOperations,
  ...creditOperations,
  ...collectionsOperations,
];

/** The events each firm's webhook endpoint subscribes to. */
export const subscribedEventTypes = [
  'lexfin.billing.invoice.issued.v2',
  'lexfin.billing.payment.recorded.v1',
  'lexfin.trust.deposit.recorded.v1',
  'lexfin.trust.transfer_to_operating.recorded.v1',
];

const DAY = 86_400_000;

/** A firm as its admin sets it up: a partner, two clients with a matter each, trust, a webhook. */
export async function setUpFirm(
  gatewayUrl: string,
  random: Random,
  ledger: RequestLedger,
  receiver: WebhookReceiver,
  giveUpAfterMs: number,
): Promise<Firm> {
  const id = randomUUID();
  const frontEnd = await FrontEnd.forFirm(gatewayUrl, id, ledger, giveUpAfterMs);
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * DAY).toISOString().slice(0, 10);
  let counter = 0;
  const must = async (operation: string, query: string, variables: Record<string, unknown>) => {
    const outcome = await frontEnd.send(operation, query, variables);
    if (outcome.kind !== 'acknowledged') {
      throw new Error(`setting up firm ${id}: ${operation} ${JSON.stringify(outcome)}`);
    }
    return outcome.data;
  };
  const endpoint = await must(
    'createWebhookEndpoint',
    `mutation($url: String!, $types: [String!]!) {
       createWebhookEndpoint(url: $url, eventTypes: $types) { endpoint { id } secret } }`,
    { url: receiver.urlFor(id), types: subscribedEventTypes },
  );
  receiver.secretFor(id, endpoint.createWebhookEndpoint.secret);
  const owners = await must(
    'createTimekeeper',
    `mutation($area: String!) {
       createTimekeeper(input: { name: "A. Partner", classification: PARTNR }) { id }
       addPracticeArea(name: $area) { id } }`,
    { area: 'Litigation' },
  );
  const timekeeperId = owners.createTimekeeper.id as string;
  await must(
    'setTimekeeperRate',
    `mutation($input: SetTimekeeperRateInput!) { setTimekeeperRate(input: $input) { id } }`,
    {
      input: {
        timekeeperId,
        effectiveFrom: daysAgo(60),
        rate: { amount: '300.00', currency: 'USD' },
      },
    },
  );
  const account = await must(
    'openTrustAccount',
    `mutation($idempotencyKey: String!, $input: OpenTrustAccountInput!) {
       openTrustAccount(idempotencyKey: $idempotencyKey, input: $input) { id } }`,
    {
      idempotencyKey: `${id}:open-trust`,
      input: {
        name: 'IOLTA',
        kind: 'IOLTA',
        currency: 'USD',
        bankName: 'First Harbour Bank',
        accountLast4: '4321',
        disbursementApprovalThreshold: { amount: '100000.00', currency: 'USD' },
      },
    },
  );
  const matters: Firm['matters'] = [];
  for (const name of ['Harbour & Finch LLP', 'Pier Nine Holdings']) {
    const client = await must(
      'createClient',
      `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
      { input: { displayName: name, kind: 'ORGANISATION', timeZone: 'UTC', currency: 'USD' } },
    );
    const clientId = client.createClient.id as string;
    const matter = await must(
      'openMatter',
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
      {
        input: {
          clientId,
          matterNumber: `M-${randomUUID().slice(0, 8)}`,
          description: 'Commercial lease dispute',
          responsiblePartnerId: timekeeperId,
          practiceAreaId: owners.addPracticeArea.id,
          billingArrangement: 'HOURLY',
          paymentTermsDays: 30,
          openedOn: daysAgo(40),
        },
      },
    );
    matters.push({ clientId, matterId: matter.openMatter.id as string });
  }
  return {
    id,
    frontEnd,
    random,
    today: daysAgo(0),
    daysAgo,
    timekeeperId,
    trustAccountId: account.openTrustAccount.id as string,
    matters,
    invoices: [],
    payments: [],
    deposits: [],
    reversibleEntries: [],
    depositsNotOnStatement: [],
    statementBalanceMinor: 0,
    key: (operation) => `${id}:${operation}:${++counter}`,
  };
}

/** Each firm does one operation after another, drawn by weight, until `until` resolves. */
export async function runWorkload(firms: Firm[], until: Promise<void>): Promise<void> {
  let stopped = false;
  void until.then(() => (stopped = true));
  const total = operations.reduce((sum, operation) => sum + operation.weight, 0);
  await Promise.all(
    firms.map(async (firm) => {
      while (!stopped) {
        let roll = firm.random.next() * total;
        const operation = operations.find((candidate) => (roll -= candidate.weight) < 0)!;
        await operation.run(firm);
        await sleep(firm.random.int(20, 200));
      }
    }),
  );
}
