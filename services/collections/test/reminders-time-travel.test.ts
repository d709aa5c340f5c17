import {
  caseOf,
  clientWithInvoice,
  everyMorning,
  ok,
  timeTravel,
  tenAm,
  totalOf,
  usd,
} from './time-travel';

const world = timeTravel('2026-01-25T15:00:00Z');
const { firmId } = world;

/** The days (New York) the client was sent an instalment reminder. */
async function remindersTo(clientId: string) {
  const rows = await world.harness.database.owner.db
    .selectFrom('contact_log')
    .select(['at', 'outcome'])
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .where('template_key', '=', 'instalment_reminder')
    .orderBy('at')
    .execute();
  return rows.map((row) => `${row.at.toISOString().slice(0, 10)} ${row.outcome}`);
}

// The policy's defaults: instalment and dispute-owner reminders 3 days ahead.
it('reminds the client before each unpaid instalment and a dispute owner before the deadline, once', async () => {
  const agent = await world.harness.as(firmId, ['collections_agent']);
  const planned = await clientWithInvoice(world.harness, firmId, '900.00');
  const disputed = await clientWithInvoice(world.harness, firmId, '1000.00');
  const upheld = await clientWithInvoice(world.harness, firmId, '1000.00');
  const dispute = (invoiceId: string, amount: string, deadline: string) =>
    ok<{ openDispute: { id: string } }>(
      agent,
      `mutation ($invoiceId: ID!, $amount: MoneyInput!, $deadline: String!, $key: String!) {
        openDispute(invoiceId: $invoiceId, amount: $amount, reason: "Hours billed twice", owner: "partner-7", deadline: $deadline, idempotencyKey: $key) { id }
      }`,
      { invoiceId, amount: usd(amount), deadline, key: invoiceId },
    );
  let upheldDispute = '';
  const happenings: Record<string, () => Promise<unknown>> = {
    '2026-02-10': async () => {
      // 900.00 in three monthly instalments of 300.00: 1 March, 1 April, 1 May.
      await ok(
        agent,
        `mutation ($caseId: ID!) {
          createPaymentPlan(caseId: $caseId, total: { amount: "900.00", currency: "USD" }, count: 3, frequency: MONTHLY, firstDueOn: "2026-03-01", graceDays: 5, idempotencyKey: "plan") { status }
        }`,
        { caseId: await caseOf(world.harness, firmId, planned.facts.clientId) },
      );
      await dispute(disputed.invoiceId, '400.00', '2026-03-10');
      upheldDispute = (await dispute(upheld.invoiceId, '400.00', '2026-03-31')).openDispute.id;
    },
    '2026-02-12': () =>
      ok(
        agent,
        `mutation ($id: ID!) {
          resolveDispute(disputeId: $id, outcome: UPHELD, reason: "Hours billed twice", idempotencyKey: "uphold") { status }
        }`,
        { id: upheldDispute },
      ),
    // Until billing credits it, the upheld 400.00 cannot be disputed again: 600.00 is free.
    '2026-02-13': async () => {
      const again = await agent.request(
        `mutation ($invoiceId: ID!) {
          openDispute(invoiceId: $invoiceId, amount: { amount: "700.00", currency: "USD" }, reason: "Again", owner: "partner-7", deadline: "2026-03-31", idempotencyKey: "again") { id }
        }`,
        { invoiceId: upheld.invoiceId },
      );
      expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(again.errors?.[0]?.extensions?.fields).toEqual({
        'amount.amount': 'must be at most what is open and not disputed (600.00 USD)',
      });
    },
    // Billing's credit note for the upheld 400.00 comes ten days later.
    '2026-02-22': () =>
      world.harness.seed(firmId, [
        upheld.facts.creditNote(upheld.invoiceId, '400.00', '600.00', '2026-02-22'),
      ]),
    '2026-02-27': () =>
      world.harness.seed(firmId, [
        planned.facts.payment(planned.invoiceId, '300.00', '2026-02-27'),
      ]),
    // The April instalment is paid early: no reminder for it.
    '2026-03-20': () =>
      world.harness.seed(firmId, [
        planned.facts.payment(planned.invoiceId, '300.00', '2026-03-20'),
      ]),
    '2026-05-01': () =>
      world.harness.seed(firmId, [
        planned.facts.payment(planned.invoiceId, '300.00', '2026-05-01'),
      ]),
  };
  await everyMorning(world.harness, '2026-01-25', 100, happenings);

  // Three days before the March and May instalments, each once; none for April's, paid early.
  expect(await remindersTo(planned.facts.clientId)).toEqual(['2026-02-26 SENT', '2026-04-28 SENT']);
  const reminders = world.smtp
    .received()
    .filter((mail) => mail.to.includes(planned.email) && /instalment/.test(mail.subject));
  expect(reminders.map((mail) => mail.subject)).toEqual([
    'Accounts department: your payment plan instalment is due on March 1, 2026',
    'Accounts department: your payment plan instalment is due on May 1, 2026',
  ]);
  expect(reminders[0]!.text).toContain('the next instalment of your payment plan, USD 300.00,');
  expect(totalOf(reminders[0]!.text)).toBe('USD 900.00');
  expect(totalOf(reminders[1]!.text)).toBe('USD 300.00');

  // The dispute's owner gets one work item, three days before the 10 March deadline.
  const work = await world.harness.database.owner.db
    .selectFrom('work_items')
    .select(['kind', 'assigned_to', 'due_on', 'created_at', 'invoice_ids'])
    .where('firm_id', '=', firmId)
    .where('client_id', '=', disputed.facts.clientId)
    .where('kind', '=', 'DISPUTE_DEADLINE')
    .execute();
  expect(work).toEqual([
    {
      kind: 'DISPUTE_DEADLINE',
      assigned_to: 'partner-7',
      due_on: '2026-03-10',
      created_at: tenAm('2026-03-07'),
      invoice_ids: [disputed.invoiceId],
    },
  ]);

  // Upheld on 12 February, credited by billing on the 22nd: the formal notice of 19 February
  // already leaves the upheld 400.00 out (it used to state 1,000.00 until the credit note came),
  // and the ladder carries on for the other 600.00.
  expect(
    world.smtp
      .received()
      .filter((mail) => mail.to.includes(upheld.email))
      .map((mail) => totalOf(mail.text)),
  ).toEqual(['USD 1,000.00', 'USD 1,000.00', 'USD 600.00']);
  const upheldCase = await world.harness.database.owner.db
    .selectFrom('ladder_steps')
    .select('stage_kind')
    .where('firm_id', '=', firmId)
    .where('invoice_id', '=', upheld.invoiceId)
    .orderBy('at')
    .execute();
  expect(upheldCase.map((row) => row.stage_kind)).toContain('FINAL_NOTICE');
}, 600_000);
