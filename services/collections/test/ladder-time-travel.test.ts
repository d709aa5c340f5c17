import { randomUUID } from 'node:crypto';
import { systemCaller } from '@lexfin/service-kit';
import { startSmtpServer, type TestSmtpServer } from '@lexfin/testing';
import { publishCollectionPolicy } from '../src/app/cases/policy-commands';
import { addDays } from '../src/domain/calendar';
import { defaultPolicy } from '../src/domain/policy';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startCollectionsHarness({ smtpUrl: smtp.url, start: '2026-01-05T15:00:00Z' });
});

afterAll(async () => {
  await harness.close();
  await smtp.close();
});

/** 10:00 in New York (15:00 UTC in winter, 14:00 in summer: both inside 08:00-21:00). */
const tenAm = (date: string) => new Date(`${date}T15:00:00Z`);

const stagesOf = (firmId: string, invoiceId: string) => harness.stagesOf(firmId, invoiceId);

/** The 'Total open' figure of a message's text. */
const totalOf = (text: string) => /Total open:\s+(.+)/.exec(text)?.[1]?.trim();

const mailsTo = (address: string) => smtp.received().filter((mail) => mail.to.includes(address));

it('runs a 150-day ladder: reminders, payments, a credit note, a new invoice, a policy change and a missed sweep', async () => {
  const firmId = randomUUID();
  const email = `ladder-${firmId.slice(0, 8)}@client.test`;
  const facts = new BillingFacts(firmId, { email });
  const first = facts.invoice('1000.00', '2026-01-05', '2026-02-04');
  await harness.seed(firmId, [facts.firmSettings(), facts.client(), facts.matter(), first.event]);

  const happenings: Record<string, () => Promise<void>> = {
    // a partial payment: the next message states 600.00
    '2026-02-10': () =>
      harness.seed(firmId, [facts.payment(first.invoiceId, '400.00', '2026-02-10')]),
    // a credit note: 500.00 left
    '2026-02-25': () =>
      harness.seed(firmId, [facts.creditNote(first.invoiceId, '100.00', '500.00', '2026-02-25')]),
    // a second invoice, overdue from 4 March, joins the case
    '2026-02-01': () => harness.seed(firmId, [second.event]),
    // a new policy version moves the partner review and final notice earlier, to days 38 and 40
    '2026-03-01': async () => {
      const { version: _version, ...policy } = defaultPolicy();
      await publishCollectionPolicy(
        { ...harness.deps, caller: systemCaller({ firmId, work: 'test', correlationId: 'p' }) },
        {
          idempotencyKey: 'policy-2',
          policy: {
            ...policy,
            ladder: policy.ladder.map((step) =>
              step.kind === 'PARTNER_REVIEW'
                ? { ...step, offsetDays: 38 }
                : step.kind === 'FINAL_NOTICE'
                  ? { ...step, offsetDays: 40 }
                  : step,
            ),
          },
        },
      );
    },
  };
  const second = facts.invoice('300.00', '2026-02-01', '2026-03-03');
  // the sweep does not run from 10 to 24 March: it catches up after
  const missed = (date: string) => date >= '2026-03-10' && date <= '2026-03-24';
  for (let day = 0; day <= 150; day += 1) {
    const date = addDays('2026-01-05', day);
    harness.clock.set(tenAm(date));
    await happenings[date]?.();
    if (!missed(date)) await harness.sweep();
  }

  // Offsets are absolute: the policy change on 1 March put the partner review (day 38, 14 March)
  // and the final notice (day 40, 16 March) in the missed sweeps; they follow in stage order,
  // one a day, after the second invoice's formal notice, the earliest stage due on 25 March.
  expect(await stagesOf(firmId, first.invoiceId)).toEqual([
    '2026-02-01 PRE_DUE_REMINDER',
    '2026-02-05 FRIENDLY_REMINDER',
    '2026-02-19 FORMAL_NOTICE',
    '2026-03-06 CALL_TASK',
    '2026-03-26 PARTNER_REVIEW',
    '2026-03-27 FINAL_NOTICE',
    '2026-06-04 AGENCY_HANDOFF',
  ]);
  // the second invoice climbs its own ladder from its own due date (3 March)
  expect(await stagesOf(firmId, second.invoiceId)).toEqual([
    '2026-02-28 PRE_DUE_REMINDER',
    '2026-03-04 FRIENDLY_REMINDER',
    '2026-03-25 FORMAL_NOTICE',
    '2026-04-02 CALL_TASK',
    '2026-04-10 PARTNER_REVIEW',
    '2026-04-12 FINAL_NOTICE',
  ]);
  const mails = mailsTo(email);
  // the emails (the final notices went as letters): each states what was open when it went
  expect(
    mails.map((mail) => [mail.subject.replace('Accounts department: ', ''), totalOf(mail.text)]),
  ).toEqual([
    ['a courtesy reminder of an invoice due soon', 'USD 1,000.00'],
    ['a friendly payment reminder', 'USD 1,000.00'],
    // after the partial payment of 400.00
    ['your account has an overdue balance', 'USD 600.00'],
    // after the credit note of 100.00, with the second invoice's 300.00
    ['a courtesy reminder of invoices due soon', 'USD 800.00'],
    ['a friendly payment reminder', 'USD 800.00'],
    ['your account has an overdue balance', 'USD 800.00'],
  ]);
  // one message a day at most, each sent
  const log = await harness.database.owner.db
    .selectFrom('contact_log')
    .select(['at', 'channel', 'outcome'])
    .where('firm_id', '=', firmId)
    .execute();
  const days = log.map((entry) => entry.at.toISOString().slice(0, 10));
  expect(new Set(days).size).toBe(days.length);
  expect(log.every((entry) => entry.outcome === 'SENT')).toBe(true);
  expect(log.filter((entry) => entry.channel === 'LETTER')).toHaveLength(2);
});
