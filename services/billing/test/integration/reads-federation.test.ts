import type { GraphQLClient } from '@lexfin/testing';
import { issuedInvoice, ok, recordTime, setUpMatter, usd } from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
});

afterAll(() => harness.close());

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Client { id displayName } ... on Matter { id matterNumber } ... on Invoice { id status } ... on Payment { id method } } }`;

describe('reads', () => {
  it('lists clients, matters, timekeepers with rates and time entries; records time in batches', async () => {
    const ids = await setUpMatter(clerk, { matterNumber: 'LIST-1' });
    const batch = await ok(
      clerk,
      `mutation($input: [TimeEntryInput!]!) { recordTimeEntries(input: $input) { hours amount { amount } } }`,
      {
        input: ['0.5', '1.0', '2.5'].map((hours) => ({
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2026-03-04',
          hours,
          narrative: 'Drafting',
        })),
      },
    );
    expect(
      batch.recordTimeEntries.map((entry: { amount: { amount: string } }) => entry.amount.amount),
    ).toEqual(['150.00', '300.00', '750.00']);
    const read = await ok(
      clerk,
      `query($c: ID!, $m: ID!) {
      clients { id matters { matterNumber } }
      matters(clientId: $c) { matterNumber client { id } }
      timekeepers { name classification rates { effectiveFrom rate { amount currency } } }
      timeEntries(matterId: $m, unbilledOnly: true) { hours }
    }`,
      { c: ids.clientId, m: ids.matterId },
    );
    expect(read.clients).toContainEqual({
      id: ids.clientId,
      matters: [{ matterNumber: 'LIST-1' }],
    });
    expect(read.matters).toEqual([{ matterNumber: 'LIST-1', client: { id: ids.clientId } }]);
    expect(read.timekeepers).toContainEqual({
      name: 'Arnsley, Robert',
      classification: 'PARTNR',
      rates: [{ effectiveFrom: '2026-01-01', rate: usd('300.00') }],
    });
    expect(read.timeEntries).toHaveLength(3);
  });

  it('edits an unbilled expense', async () => {
    const ids = await setUpMatter(clerk);
    const created = await ok(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-03',
          expenseCode: 'E101',
          description: 'Copies',
          quantity: 10,
          unitCost: usd('0.25'),
        },
      },
    );
    const edited = await ok(
      clerk,
      `mutation($id: ID!) { updateExpense(input: { expenseId: $id, quantity: 40, description: "Copies, exhibits" }) { quantity description amount { amount } billable } }`,
      {
        id: created.recordExpense.id,
      },
    );
    expect(edited.updateExpense).toEqual({
      quantity: 40,
      description: 'Copies, exhibits',
      amount: { amount: '10.00' },
      billable: true,
    });
  });
});

describe('federation', () => {
  it('resolves Client, Matter, Invoice and Payment references for the caller', async () => {
    const ids = await setUpMatter(clerk, { matterNumber: 'FED-1' });
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    const payment = await ok(
      clerk,
      `mutation($c: ID!) { recordPayment(input: { clientId: $c, method: WIRE, amount: { amount: "1.00", currency: "USD" } }, idempotencyKey: "fed") { id } }`,
      { c: ids.clientId },
    );
    const representations = [
      { __typename: 'Client', id: ids.clientId },
      { __typename: 'Matter', id: ids.matterId },
      { __typename: 'Invoice', id: invoice.id },
      { __typename: 'Payment', id: payment.recordPayment.id },
    ];
    const resolved = await ok(clerk, ENTITIES, { r: representations });
    expect(resolved._entities).toEqual([
      { id: ids.clientId, displayName: 'Harbour & Finch LLP' },
      { id: ids.matterId, matterNumber: 'FED-1' },
      { id: invoice.id, status: 'PARTIALLY_PAID' },
      { id: payment.recordPayment.id, method: 'WIRE' },
    ]);
    const otherFirm = await harness.as({ firmId: newFirm(), roles: ['billing_clerk'] });
    expect((await ok(otherFirm, ENTITIES, { r: representations }))._entities).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const portal = await harness.as({ firmId, roles: ['client_portal'], clientId: ids.clientId });
    expect((await ok(portal, ENTITIES, { r: representations.slice(2) }))._entities).toEqual([
      { id: invoice.id, status: 'PARTIALLY_PAID' },
      { id: payment.recordPayment.id, method: 'WIRE' },
    ]);
  });
});
