/**
 * Credit assessment: grades follow from billing's and trust's events on their own; here the
 * firm sets a limit for its largest client and assesses new matter intakes (a new prospect, a
 * good payer, one referred to a partner who overrides the decision).
 */
import { usd } from '../seeded.mjs';
import { eventually } from '../graphql.mjs';

const DECISION = 'id outcome grade';

/**
 * The limit the firm agreed with each client when it took the client on. Without one, a new
 * client is a thin file with the default limit, and six months of work would put its matters on
 * credit hold halfway through the demo's history (billing refuses new time on a held matter).
 */
export async function openingCreditLimits({ as, clients }) {
  const officer = as('credit_officer');
  for (const [index, clientId] of clients.entries()) {
    // Credit assessment knows a client once billing's client.created event has reached it.
    await eventually(() =>
      officer(
        `mutation($c: ID!, $k: String!) { setCreditLimit(clientId: $c, amount: { amount: "1000000.00", currency: "USD" }, reason: "Agreed at engagement", idempotencyKey: $k) { clientId } }`,
        { c: clientId, k: `demo-opening-limit-${index}` },
      ),
    );
  }
}

export async function creditAssessmentStep({ as, say, demo }) {
  const officer = as('credit_officer');
  const [shipping, , analytics, injury] = demo.clients;
  // A client's profile exists once credit assessment has read the client's first facts.
  await eventually(async () => {
    const { creditProfile } = await officer(
      `query($c: ID!) { creditProfile(clientId: $c) { clientId } }`,
      { c: shipping },
    );
    if (!creditProfile) throw new Error('credit assessment has not seen the demo clients yet');
  });
  await officer(
    `mutation($c: ID!, $k: String!) { setCreditLimit(clientId: $c, amount: { amount: "150000.00", currency: "USD" }, reason: "Long-standing client, audited accounts", idempotencyKey: $k) { clientId } }`,
    { c: shipping, k: 'demo-credit-limit-1' },
  );
  const intakes = [
    {
      clientId: shipping,
      practiceArea: 'Litigation',
      billingArrangement: 'HOURLY',
      estimatedFees: usd('40000.00'),
    },
    {
      clientId: analytics,
      practiceArea: 'Corporate',
      billingArrangement: 'HYBRID',
      estimatedFees: usd('250000.00'),
    },
    {
      clientId: injury,
      practiceArea: 'Litigation',
      billingArrangement: 'CONTINGENCY',
      estimatedFees: usd('30000.00'),
    },
    { practiceArea: 'Employment', billingArrangement: 'FLAT_FEE', estimatedFees: usd('8000.00') },
  ];
  const decisions = [];
  for (const [index, input] of intakes.entries()) {
    const { assessMatterIntake } = await officer(
      `mutation($input: MatterIntakeInput!, $k: String!) { assessMatterIntake(input: $input, idempotencyKey: $k) { ${DECISION} } }`,
      { input, k: `demo-intake-${index}` },
    );
    decisions.push(assessMatterIntake);
  }
  const referred = decisions.find((decision) => decision.outcome !== 'APPROVE');
  if (referred) {
    await as('partner')(
      `mutation($id: ID!, $k: String!) { overrideCreditDecision(decisionId: $id, outcome: APPROVE, reason: "Known to the partner for years; no retainer", idempotencyKey: $k) { id } }`,
      { id: referred.id, k: 'demo-override-1' },
    );
  }
  say(
    `credit-assessment: a credit limit, ${decisions.length} intake decisions (${decisions.map((d) => d.outcome).join(', ')})${referred ? ', one overridden by a partner' : ''}`,
  );
}
