/**
 * Collections' arrangements: what the firm agreed with clients in collection. One client promised
 * to pay part of what it owes within two weeks, one is paying the rest over three monthly
 * instalments, and one disputes part of an invoice (the ladder duns only the undisputed rest).
 */
import { eventually } from '../graphql.mjs';
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

export async function collectionsArrangementsStep({ as, say, today, demo }) {
  const agent = as('collections_agent');
  const overdueClients = new Set(
    demo.invoices
      .filter((invoice) => invoice.issued && invoice.month <= 3)
      .map((invoice) => invoice.matter.clientId),
  );
  const wanted = Math.min(3, overdueClients.size);
  // A case opens once collections has read billing's events and its sweep has run.
  const cases = await eventually(async () => {
    const { collectionCases } = await agent(
      '{ collectionCases(first: 100) { id items { invoice { id } openAmount { amount currency } } } }',
    );
    const open = collectionCases.filter((found) => found.items.length > 0);
    if (open.length < wanted) throw new Error(`collections has ${open.length} of ${wanted} cases`);
    return open;
  });
  const [promised, planned, disputed] = cases;
  if (promised) {
    await agent(
      `mutation($c: ID!, $a: MoneyInput!, $d: String!, $k: String!) { recordPromiseToPay(caseId: $c, amount: $a, payBy: $d, note: "Will pay once their own client settles", idempotencyKey: $k) { id } }`,
      {
        c: promised.id,
        a: half(promised.items[0].openAmount),
        d: addDays(today, 14),
        k: 'demo-promise-1',
      },
    );
  }
  if (planned) {
    await agent(
      `mutation($c: ID!, $t: MoneyInput!, $d: String!, $k: String!) { createPaymentPlan(caseId: $c, total: $t, count: 3, frequency: MONTHLY, firstDueOn: $d, graceDays: 5, idempotencyKey: $k) { id } }`,
      {
        c: planned.id,
        t: money(planned.items[0].openAmount),
        d: addDays(today, 7),
        k: 'demo-plan-1',
      },
    );
  }
  if (disputed) {
    const item = disputed.items[0];
    await agent(
      `mutation($i: ID!, $a: MoneyInput!, $d: String!, $k: String!) { openDispute(invoiceId: $i, amount: $a, reason: "Client says the research hours were not agreed", owner: "demo-partner", deadline: $d, idempotencyKey: $k) { id } }`,
      { i: item.invoice.id, a: half(item.openAmount), d: addDays(today, 21), k: 'demo-dispute-1' },
    );
  }
  say(
    `collections: ${[promised && 'a promise to pay', planned && 'a three-instalment payment plan', disputed && 'a dispute on part of an invoice'].filter(Boolean).join(', ')}`,
  );
}
