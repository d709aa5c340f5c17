import { scheduleInstalments } from '../../src/domain/arrangements';
import { defaultPolicy } from '../../src/domain/policy';
import { nextInstalmentReminder, ownerRemindersDue } from '../../src/domain/reminders';
import { clientFacts, openItem } from './case-facts';

const policy = defaultPolicy();
/** 06:00 and 10:00 in New York. */
const early = (date: string) => new Date(`${date}T11:00:00Z`);
const tenAm = (date: string) => new Date(`${date}T15:00:00Z`);

/** A plan of 900.00 in three monthly instalments from 1 March, agreed on 10 February. */
function planned() {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-02-04', 900));
  facts.plans.push({
    planId: 'plan-1',
    invoiceIds: ['inv-1'],
    startedOn: '2026-02-10',
    graceDays: 5,
    instalments: scheduleInstalments(90000n, 3, 'MONTHLY', '2026-03-01'),
    remindedSeqs: [],
  });
  return facts;
}

describe('instalment reminders', () => {
  it('are due the policy reminder days before an unpaid instalment, from 08:00 local', () => {
    const facts = planned();
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-02-25'))).toBeNull();
    expect(nextInstalmentReminder(facts, policy, early('2026-02-26'))).toEqual({
      planId: 'plan-1',
      seq: 0,
      dueOn: '2026-03-01',
      unpaidMinor: 30000n,
      invoiceIds: ['inv-1'],
      channel: 'EMAIL',
      at: new Date('2026-02-26T13:00:00Z'),
    });
  });

  it('go once, and not for an instalment already paid', () => {
    const facts = planned();
    facts.plans[0]!.remindedSeqs.push(0);
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-02-27'))).toBeNull();
    facts.payments.push({ invoiceId: 'inv-1', on: '2026-03-20', paidMinor: 60000n });
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-03-29'))).toBeNull();
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-04-28'))?.dueOn).toBe('2026-05-01');
  });

  it('wait for the one message of the day, and are dropped if that is the due date', () => {
    const facts = planned();
    facts.contacts.push({ at: tenAm('2026-02-26'), channel: 'EMAIL', outcome: 'SENT' });
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-02-26'))?.at).toEqual(
      new Date('2026-02-27T13:00:00Z'),
    );
    facts.contacts.push({ at: tenAm('2026-02-27'), channel: 'EMAIL', outcome: 'SENT' });
    facts.contacts.push({ at: tenAm('2026-02-28'), channel: 'EMAIL', outcome: 'SENT' });
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-02-28'))).toBeNull();
  });

  it('are not sent to a client not to be contacted, paused, or with an agency', () => {
    const at = tenAm('2026-02-26');
    expect(nextInstalmentReminder({ ...planned(), withAgency: true }, policy, at)).toBeNull();
    const paused = planned();
    paused.pauses.push({ level: 'CLIENT', targetId: 'client-1', until: '2026-03-05' });
    expect(nextInstalmentReminder(paused, policy, at)).toBeNull();
    const silent = planned();
    silent.client.doNotContact = true;
    expect(nextInstalmentReminder(silent, policy, at)).toBeNull();
  });

  it('stop with the plan: none after it defaulted', () => {
    const facts = planned();
    // March unpaid after 5 days' grace: in default from 7 March, so no reminder for April.
    expect(nextInstalmentReminder(facts, policy, tenAm('2026-03-29'))).toBeNull();
  });
});

describe('dispute owner reminders', () => {
  const dispute = (deadline: string, ownerReminded = false) => ({
    disputeId: `dispute-${deadline}`,
    invoiceId: 'inv-1',
    amountMinor: 40000n,
    deadline,
    ownerReminded,
  });

  it('are due the reminder days before the deadline (or later), once', () => {
    const disputes = [dispute('2026-03-10'), dispute('2026-03-20'), dispute('2026-03-01', true)];
    expect(ownerRemindersDue(disputes, 3, '2026-03-06')).toEqual([]);
    expect(ownerRemindersDue(disputes, 3, '2026-03-07')).toEqual([dispute('2026-03-10')]);
    expect(ownerRemindersDue(disputes, 3, '2026-03-25')).toEqual([
      dispute('2026-03-10'),
      dispute('2026-03-20'),
    ]);
  });
});
