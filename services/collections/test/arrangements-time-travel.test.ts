import {
  caseOf as caseIn,
  clientWithInvoice as clientIn,
  everyMorning,
  ok,
  timeTravel,
  totalOf,
  usd,
} from './time-travel';

const world = timeTravel('2026-01-20T15:00:00Z');
const { firmId } = world;

const stagesOf = (invoiceId: string) => world.harness.stagesOf(firmId, invoiceId);
const eventsOf = (type: string) => world.harness.eventsOf(firmId, type);

const caseOf = (clientId: string) => caseIn(world.harness, firmId, clientId);
/** A client with one invoice, issued 5 January and due 4 February (day 15 is 19 February). */
const clientWithInvoice = (total: string) => clientIn(world.harness, firmId, total);

it('promises, plans, disputes and pauses hold only what they cover, through the real sweep', async () => {
  const agent = await world.harness.as(firmId, ['collections_agent']);
  const kept = await clientWithInvoice('1000.00');
  const broken = await clientWithInvoice('500.00');
  const defaulted = await clientWithInvoice('900.00');
  const completed = await clientWithInvoice('600.00');
  const disputed = await clientWithInvoice('1000.00');
  const rejected = await clientWithInvoice('800.00');
  const paused = await clientWithInvoice('700.00');
  let disputeToReject = '';
  const promise = (clientId: string, amount: string, payBy: string, key: string) =>
    caseOf(clientId).then((caseId) =>
      ok(
        agent,
        `mutation ($caseId: ID!, $amount: MoneyInput!, $payBy: String!, $key: String!) {
          recordPromiseToPay(caseId: $caseId, amount: $amount, payBy: $payBy, idempotencyKey: $key) { id status }
        }`,
        { caseId, amount: usd(amount), payBy, key },
      ),
    );
  const happenings: Record<string, () => Promise<unknown>> = {
    '2026-02-10': async () => {
      await promise(kept.facts.clientId, '1000.00', '2026-02-25', 'p-kept');
      await promise(broken.facts.clientId, '500.00', '2026-02-25', 'p-broken');
      const plan = (
        clientId: string,
        total: string,
        count: number,
        frequency: string,
        first: string,
      ) =>
        caseOf(clientId).then((caseId) =>
          ok<{ createPaymentPlan: { status: string; instalments: unknown[] } }>(
            agent,
            `mutation ($caseId: ID!, $total: MoneyInput!, $count: Int!, $frequency: PlanFrequency!, $first: String!) {
              createPaymentPlan(caseId: $caseId, total: $total, count: $count, frequency: $frequency, firstDueOn: $first, graceDays: 5, idempotencyKey: $first) {
                status instalments { dueOn amount { amount } }
              }
            }`,
            { caseId, total: usd(total), count, frequency, first },
          ),
        );
      const three = await plan(defaulted.facts.clientId, '900.00', 3, 'MONTHLY', '2026-03-01');
      expect(three.createPaymentPlan).toEqual({
        status: 'ACTIVE',
        instalments: [
          { dueOn: '2026-03-01', amount: { amount: '300.00' } },
          { dueOn: '2026-04-01', amount: { amount: '300.00' } },
          { dueOn: '2026-05-01', amount: { amount: '300.00' } },
        ],
      });
      await plan(completed.facts.clientId, '600.00', 2, 'WEEKLY', '2026-02-15');
      const dispute = (invoiceId: string, amount: string) =>
        ok<{ openDispute: { id: string } }>(
          agent,
          `mutation ($invoiceId: ID!, $amount: MoneyInput!, $key: String!) {
            openDispute(invoiceId: $invoiceId, amount: $amount, reason: "Hours billed twice", owner: "partner-1", deadline: "2026-03-10", idempotencyKey: $key) { id }
          }`,
          { invoiceId, amount: usd(amount), key: invoiceId },
        );
      await dispute(disputed.invoice.invoiceId, '400.00');
      disputeToReject = (await dispute(rejected.invoice.invoiceId, '800.00')).openDispute.id;
      await ok(
        agent,
        `mutation ($id: ID!) {
          pauseCollections(scope: CLIENT, id: $id, reason: "Client in hospital", until: "2026-02-25", idempotencyKey: "pause") { until }
        }`,
        { id: paused.facts.clientId },
      );
    },
    '2026-02-15': () =>
      world.harness.seed(firmId, [
        completed.facts.payment(completed.invoice.invoiceId, '300.00', '2026-02-15'),
      ]),
    '2026-02-20': async () => {
      await world.harness.seed(firmId, [
        kept.facts.payment(kept.invoice.invoiceId, '1000.00', '2026-02-20'),
        broken.facts.payment(broken.invoice.invoiceId, '100.00', '2026-02-20'),
      ]);
      await ok(
        agent,
        `mutation ($id: ID!) {
          resolveDispute(disputeId: $id, outcome: REJECTED, reason: "Hours confirmed", idempotencyKey: "reject") { status }
        }`,
        { id: disputeToReject },
      );
    },
    '2026-02-22': () =>
      world.harness.seed(firmId, [
        completed.facts.payment(completed.invoice.invoiceId, '300.00', '2026-02-22'),
      ]),
    '2026-03-01': () =>
      world.harness.seed(firmId, [
        defaulted.facts.payment(defaulted.invoice.invoiceId, '300.00', '2026-03-01'),
      ]),
  };
  await everyMorning(world.harness, '2026-01-20', 80, happenings);

  // Kept: paid in full before the date; no formal notice, the case closed.
  expect(await stagesOf(kept.invoice.invoiceId)).toEqual([
    '2026-02-01 PRE_DUE_REMINDER',
    '2026-02-05 FRIENDLY_REMINDER',
  ]);
  expect(await eventsOf('lexfin.collections.promise_to_pay.kept.v1')).toEqual([
    expect.objectContaining({ paid: usd('1000.00'), keptOn: '2026-02-20' }),
  ]);
  // Broken: the day after the date the ladder resumes where it was, at the formal notice
  // (due since 19 February), then climbs on from there.
  expect((await stagesOf(broken.invoice.invoiceId)).slice(0, 4)).toEqual([
    '2026-02-01 PRE_DUE_REMINDER',
    '2026-02-05 FRIENDLY_REMINDER',
    '2026-02-26 FORMAL_NOTICE',
    '2026-03-06 CALL_TASK',
  ]);
  expect(await eventsOf('lexfin.collections.promise_to_pay.broken.v1')).toEqual([
    expect.objectContaining({ paid: usd('100.00'), brokenOn: '2026-02-26' }),
  ]);
  expect(
    world.smtp
      .received()
      .filter((mail) => mail.to.includes(broken.email))
      .map((mail) => totalOf(mail.text)),
  ).toEqual(['USD 500.00', 'USD 500.00', 'USD 400.00']);

  // A plan with a missed instalment: the second (1 April) is unpaid after 5 days' grace, so the
  // plan defaults on 7 April and the ladder resumes with the stages due meanwhile, one a day.
  expect((await stagesOf(defaulted.invoice.invoiceId)).slice(2, 5)).toEqual([
    '2026-04-07 FORMAL_NOTICE',
    '2026-04-08 CALL_TASK',
    '2026-04-09 PARTNER_REVIEW',
  ]);
  expect(await eventsOf('lexfin.collections.payment_plan.defaulted.v1')).toEqual([
    expect.objectContaining({
      missedDueOn: '2026-04-01',
      paid: usd('300.00'),
      defaultedOn: '2026-04-07',
    }),
  ]);
  // A plan completed: both instalments paid, no step after the plan, the case closed.
  expect(await stagesOf(completed.invoice.invoiceId)).toEqual([
    '2026-02-01 PRE_DUE_REMINDER',
    '2026-02-05 FRIENDLY_REMINDER',
  ]);
  expect(await eventsOf('lexfin.collections.payment_plan.completed.v1')).toEqual([
    expect.objectContaining({ total: usd('600.00'), completedOn: '2026-02-22' }),
  ]);
  const cases = await world.harness.database.owner.db
    .selectFrom('collection_cases')
    .select(['client_id', 'status'])
    .where('firm_id', '=', firmId)
    .where('client_id', 'in', [kept.facts.clientId, completed.facts.clientId])
    .execute();
  expect(cases.map((row) => row.status)).toEqual(['CLOSED', 'CLOSED']);

  // A dispute on 400.00 of 1,000.00: the ladder goes on for the rest, and says only 600.00.
  expect((await stagesOf(disputed.invoice.invoiceId))[2]).toBe('2026-02-19 FORMAL_NOTICE');
  expect(
    world.smtp
      .received()
      .filter((mail) => mail.to.includes(disputed.email))
      .map((mail) => totalOf(mail.text)),
  ).toEqual(['USD 1,000.00', 'USD 1,000.00', 'USD 600.00']);
  // A dispute on the whole invoice holds it; rejected on 20 February, the amount returns to the
  // ladder: the formal notice (due since the 19th) goes at that day's sweep.
  expect((await stagesOf(rejected.invoice.invoiceId))[2]).toBe('2026-02-20 FORMAL_NOTICE');

  // A pause until 25 February ends on its date: the formal notice goes on the 26th.
  expect((await stagesOf(paused.invoice.invoiceId))[2]).toBe('2026-02-26 FORMAL_NOTICE');

  // The agent reads each case's arrangements as they ended, one read for every case asked.
  const { collectionCases } = await ok<{
    collectionCases: {
      client: { id: string };
      promises: { status: string; amount: { amount: string } }[];
      paymentPlans: { status: string; instalments: { dueOn: string }[] }[];
      disputes: { status: string; amount: { amount: string } }[];
    }[];
  }>(
    agent,
    `{ collectionCases(first: 200) {
        client { id }
        promises { status amount { amount } }
        paymentPlans { status instalments { dueOn } }
        disputes { status amount { amount } }
      } }`,
    {},
  );
  const arrangementsOf = (clientId: string) => {
    const { promises, paymentPlans, disputes } = collectionCases.find(
      (found) => found.client.id === clientId,
    )!;
    return {
      promises: promises.map((p) => `${p.status} ${p.amount.amount}`),
      plans: paymentPlans.map((p) => `${p.status} ${p.instalments.length}`),
      disputes: disputes.map((d) => `${d.status} ${d.amount.amount}`),
    };
  };
  expect(arrangementsOf(kept.facts.clientId)).toEqual({
    promises: ['KEPT 1000.00'],
    plans: [],
    disputes: [],
  });
  expect(arrangementsOf(broken.facts.clientId).promises).toEqual(['BROKEN 500.00']);
  expect(arrangementsOf(defaulted.facts.clientId).plans).toEqual(['DEFAULTED 3']);
  expect(arrangementsOf(completed.facts.clientId).plans).toEqual(['COMPLETED 2']);
  expect(arrangementsOf(disputed.facts.clientId).disputes).toEqual(['OPEN 400.00']);
  expect(arrangementsOf(rejected.facts.clientId).disputes).toEqual(['REJECTED 800.00']);
}, 600_000);
