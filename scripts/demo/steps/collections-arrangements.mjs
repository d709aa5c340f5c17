/**
 * Collections' arrangements: what the firm agreed with clients in collection. One client promised
 * to pay part of what it owes within two weeks, one is paying the rest over three monthly
 * instalments, and one disputes part of an invoice (the ladder duns only the undisputed rest).
 */
import { addDays } from '../seeded.mjs';

const money = (amount) => ({ amount: amount.amount, currency: amount.currency });

/** Half of an amount, in whole cents, as a decimal string. */
function half(amount) {
  const cents = BigInt(amount.amount.replace('.', ''));
  const halved = cents / 2n;
  return {
    amount: `${halved / 100n}.${String(halved % 100n).padStart(2, '0')}`,
    currency: amount.currency,
  };
}

export async function collectionsArrangementsStep({ as, say, today }) {
  const agent = as('collections_agent');
  const { collectionCases } = await agent(
    '{ collectionCases(first: 100) { id items { invoice { id } openAmount { amount currency } } } }',
  );
  const cases = collectionCases.filter((found) => found.items.length > 0);
  if (cases.length < 3) {
    say(`collections: ${cases.length} case(s) with open items; no arrangements made`);
    return;
  }
  const [promised, planned, disputed] = cases;
  const promisedItem = promised.items[0];
  await agent(
    `mutation($c: ID!, $a: MoneyInput!, $d: String!, $k: String!) { recordPromiseToPay(caseId: $c, amount: $a, payBy: $d, note: "Will pay once their own client settles", idempotencyKey: $k) { id } }`,
    {
      c: promised.id,
      a: half(promisedItem.openAmount),
      d: addDays(today, 14),
      k: 'demo-promise-1',
    },
  );
  const plannedItem = planned.items[0];
  await agent(
    `mutation($c: ID!, $t: MoneyInput!, $d: String!, $k: String!) { createPaymentPlan(caseId: $c, total: $t, count: 3, frequency: MONTHLY, firstDueOn: $d, graceDays: 5, idempotencyKey: $k) { id } }`,
    { c: planned.id, t: money(plannedItem.openAmount), d: addDays(today, 7), k: 'demo-plan-1' },
  );
  const disputedItem = disputed.items[0];
  await agent(
    `mutation($i: ID!, $a: MoneyInput!, $d: String!, $k: String!) { openDispute(invoiceId: $i, amount: $a, reason: "Client says the research hours were not agreed", owner: "demo-partner", deadline: $d, idempotencyKey: $k) { id } }`,
    {
      i: disputedItem.invoice.id,
      a: half(disputedItem.openAmount),
      d: addDays(today, 21),
      k: 'demo-dispute-1',
    },
  );
  say(
    'collections: a promise to pay, a three-instalment payment plan and a dispute on part of an invoice',
  );
}
