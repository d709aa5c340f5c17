import type { BillingFacts } from './billing-facts';
import { caseOf, clientWithInvoice, everyMorning, ok, timeTravel, usd } from './time-travel';

const world = timeTravel('2026-01-20T15:00:00Z');
const { firmId } = world;

/** A client with one invoice due 4 February, graded or not. */
const client = (total: string, grade: 'A' | 'C' | 'D' | null) =>
  clientWithInvoice(world.harness, firmId, total, (facts: BillingFacts) =>
    grade === null ? [] : [facts.grade(grade, '2026-01-02')],
  );

const EFFECTIVENESS = `query ($from: String!, $to: String!) {
  ladderEffectiveness(from: $from, to: $to) {
    steps { stageKind templateKey segment contacts paidInFull paidInPart paid { amount currency } }
    promisesKept promisesBroken promiseKeptRate plansCompleted plansDefaulted planCompletionRate
  }
}`;

const step = (
  stageKind: string | null,
  segment: string,
  contacts: number,
  paidInFull: number,
  paidInPart: number,
  paid: string,
) => ({
  stageKind,
  templateKey: stageKind === null ? null : stageKind.toLowerCase(),
  segment,
  contacts,
  paidInFull,
  paidInPart,
  paid: [usd(paid)],
});

// The example, worked by hand. Four clients, each with one invoice due 4 February (New York),
// on the firm's default ladder: ungraded and C clients get the pre-due reminder 3 days before
// (1 February), the friendly reminder 1 day after (5 February) and the formal notice at 15 days
// (19 February); D clients climb sooner (pre-due 28 January, friendly 5 February, formal notice
// at 10 days: 14 February, a call task at 20); A clients later (pre-due 1 February, friendly 11).
//
//   Avery (ungraded) 1,000.00: pays it all on 10 February, day 5 after the friendly reminder.
//   Blake (C) 800.00: pays 300.00 on 12 February (day 7 after the friendly reminder); the formal
//     notice on 19 February states 500.00, and Blake pays it on 5 March, day 14 after it: in time.
//   Casey (D) 500.00: a credit note of 100.00 on 8 February (not a payment); promises 400.00 by
//     12 February and pays nothing (broken); the formal notice goes on 14 February; the call
//     task on 24 February is work, not a contact; an agent's call on 20 February is a contact.
//   Dana (A) 600.00: promises on 6 February to pay 600.00 by 20 February (the friendly reminder
//     waits) and pays on 18 February (kept); only its pre-due reminder went out.
//
// Contacts in February 2 to 28, by stage, template and segment, and what followed in 14 days:
//   friendly reminder, C: Blake, 300.00 of 800.00 paid: in part.
//   friendly reminder, D: Casey, nothing paid (the credit note is not counted).
//   friendly reminder, UNGRADED: Avery, 1,000.00 of 1,000.00: in full.
//   formal notice, C: Blake, 500.00 of 500.00 on day 14: in full.
//   formal notice, D: Casey, nothing.
//   a call logged by hand (no stage), D: Casey, nothing.
// Promises whose date fell in February: Dana's kept, Casey's broken: 50.0 %. No plan ended.
//
// On 1 February alone: the pre-due reminders of Avery (paid in full on day 9), Blake (300.00 on
// day 11: in part) and Dana (paid on day 17: too late to count). Casey's went on 28 January.
it('ladderEffectiveness gives the hand-worked figures for the steps of February', async () => {
  const { harness } = world;
  const agent = await harness.as(firmId, ['collections_agent']);
  const avery = await client('1000.00', null);
  const blake = await client('800.00', 'C');
  const casey = await client('500.00', 'D');
  const dana = await client('600.00', 'A');
  const promise = async (clientId: string, amount: string, payBy: string) =>
    ok(
      agent,
      `mutation ($caseId: ID!, $amount: MoneyInput!, $payBy: String!, $key: String!) {
        recordPromiseToPay(caseId: $caseId, amount: $amount, payBy: $payBy, idempotencyKey: $key) { id }
      }`,
      {
        caseId: await caseOf(harness, firmId, clientId),
        amount: usd(amount),
        payBy,
        key: `promise-${clientId}`,
      },
    );
  await everyMorning(harness, '2026-01-20', 50, {
    '2026-02-06': () => promise(dana.facts.clientId, '600.00', '2026-02-20'),
    '2026-02-08': () =>
      harness.seed(firmId, [
        casey.facts.creditNote(casey.invoiceId, '100.00', '400.00', '2026-02-08'),
      ]),
    '2026-02-09': () => promise(casey.facts.clientId, '400.00', '2026-02-12'),
    '2026-02-10': () =>
      harness.seed(firmId, [avery.facts.payment(avery.invoiceId, '1000.00', '2026-02-10')]),
    '2026-02-12': () =>
      harness.seed(firmId, [blake.facts.payment(blake.invoiceId, '300.00', '2026-02-12')]),
    '2026-02-18': () =>
      harness.seed(firmId, [dana.facts.payment(dana.invoiceId, '600.00', '2026-02-18')]),
    '2026-02-20': () =>
      ok(
        agent,
        `mutation ($clientId: ID!, $invoiceIds: [ID!]) {
          logCollectionContact(clientId: $clientId, channel: CALL, outcome: CONVERSATION, invoiceIds: $invoiceIds, idempotencyKey: "call") { id }
        }`,
        { clientId: casey.facts.clientId, invoiceIds: [casey.invoiceId] },
      ),
    '2026-03-05': () =>
      harness.seed(firmId, [blake.facts.payment(blake.invoiceId, '500.00', '2026-03-05')]),
  });

  const partner = await harness.as(firmId, ['partner']);
  const february = await ok<{ ladderEffectiveness: unknown }>(partner, EFFECTIVENESS, {
    from: '2026-02-02',
    to: '2026-02-28',
  });
  expect(february.ladderEffectiveness).toEqual({
    steps: [
      step('FRIENDLY_REMINDER', 'C', 1, 0, 1, '300.00'),
      step('FRIENDLY_REMINDER', 'D', 1, 0, 0, '0.00'),
      step('FRIENDLY_REMINDER', 'UNGRADED', 1, 1, 0, '1000.00'),
      step('FORMAL_NOTICE', 'C', 1, 1, 0, '500.00'),
      step('FORMAL_NOTICE', 'D', 1, 0, 0, '0.00'),
      step(null, 'D', 1, 0, 0, '0.00'),
    ],
    promisesKept: 1,
    promisesBroken: 1,
    promiseKeptRate: '50.0',
    plansCompleted: 0,
    plansDefaulted: 0,
    planCompletionRate: null,
  });

  const firstOfFebruary = await ok<{ ladderEffectiveness: { steps: unknown[] } }>(
    partner,
    EFFECTIVENESS,
    { from: '2026-02-01', to: '2026-02-01' },
  );
  expect(firstOfFebruary.ladderEffectiveness.steps).toEqual([
    step('PRE_DUE_REMINDER', 'A', 1, 0, 0, '0.00'),
    step('PRE_DUE_REMINDER', 'C', 1, 0, 1, '300.00'),
    step('PRE_DUE_REMINDER', 'UNGRADED', 1, 1, 0, '1000.00'),
  ]);

  // The client in the portal never sees how the firm's steps work on it.
  const portal = await harness.as(firmId, ['client_portal'], 'client-user', avery.facts.clientId);
  const refused = await portal.request(EFFECTIVENESS, { from: '2026-02-01', to: '2026-02-28' });
  expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
}, 600_000);
