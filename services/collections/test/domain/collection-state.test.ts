import { addDays } from '../../src/domain/calendar';
import { collectionState, type CaseFacts } from '../../src/domain/collection-state';
import { defaultPolicy, type CollectionPolicy } from '../../src/domain/policy';
import { clientFacts, openItem } from './case-facts';

const policy = defaultPolicy();
/** Mid-morning in New York and Los Angeles on a date. */
const morning = (date: string) => new Date(`${date}T17:00:00Z`);

/** Takes the next step at `now` whenever it is due, as the sweep does, and says which one. */
function act(facts: CaseFacts, now: Date, rules: CollectionPolicy = policy) {
  const state = collectionState(facts, rules, now);
  const step = state.nextStep;
  if (step === null || step.at.getTime() > now.getTime()) return null;
  for (const invoiceId of step.invoiceIds)
    facts.steps.push({ invoiceId, kind: step.stage.kind, at: now });
  if (step.channel !== null)
    facts.contacts.push({ at: now, channel: step.channel, outcome: 'SENT' });
  return step;
}

function climb(facts: CaseFacts, from: string, days: number, rules = policy) {
  const taken: string[] = [];
  for (let day = 0; day <= days; day += 1) {
    const date = addDays(from, day);
    const step = act(facts, morning(date), rules);
    if (step !== null) taken.push(`${date} ${step.stage.kind}`);
  }
  return taken;
}

it('climbs the default ladder stage by stage at its offsets, starting before the due date', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  expect(climb(facts, '2026-01-20', 135)).toEqual([
    '2026-01-28 PRE_DUE_REMINDER',
    '2026-02-01 FRIENDLY_REMINDER',
    '2026-02-15 FORMAL_NOTICE',
    '2026-03-02 CALL_TASK',
    '2026-03-17 PARTNER_REVIEW',
    '2026-04-01 FINAL_NOTICE',
    '2026-05-31 AGENCY_HANDOFF',
  ]);
});

it('after a missed run, does the steps that came due in stage order, one a day', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  // nothing ran until day 47
  expect(climb(facts, '2026-03-19', 4)).toEqual([
    '2026-03-19 FRIENDLY_REMINDER',
    '2026-03-20 FORMAL_NOTICE',
    '2026-03-21 CALL_TASK',
    '2026-03-22 PARTNER_REVIEW',
  ]);
});

it('drops a pre-due reminder that can no longer go before the due date', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  const state = collectionState(facts, policy, morning('2026-01-31'));
  expect(state.nextStep).toBeNull();
  const after = collectionState(facts, policy, morning('2026-02-01'));
  expect(after.nextStep?.stage.kind).toBe('FRIENDLY_REMINDER');
});

it('stops for a paid invoice and lists only what is open', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'), openItem('inv-2', '2026-01-31', 500));
  facts.items[1]!.openMinor = 0n;
  const state = collectionState(facts, policy, morning('2026-02-01'));
  expect(state.nextStep?.listedInvoiceIds).toEqual(['inv-1']);
  facts.items[0]!.openMinor = 0n;
  expect(collectionState(facts, policy, morning('2026-02-01'))).toMatchObject({
    status: 'NONE',
    nextStep: null,
  });
});

it('lets a new overdue invoice join the case at its own first stage, listed with the others', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  climb(facts, '2026-02-01', 20);
  facts.items.push(openItem('inv-2', '2026-02-20', 300));
  const step = act(facts, morning('2026-02-22'));
  expect(step).toMatchObject({
    stage: { kind: 'FRIENDLY_REMINDER' },
    invoiceIds: ['inv-2'],
    listedInvoiceIds: ['inv-2', 'inv-1'],
  });
});

it('never skips a stage when a new policy version moves offsets mid-ladder', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  climb(facts, '2026-02-01', 5);
  const hurried: CollectionPolicy = {
    ...policy,
    version: 2,
    ladder: policy.ladder.map((step) =>
      step.offsetDays > 1 ? { ...step, offsetDays: step.offsetDays - 10 } : step,
    ),
  };
  expect(climb(facts, '2026-02-25', 3, hurried)).toEqual([
    '2026-02-25 FORMAL_NOTICE',
    '2026-02-26 CALL_TASK',
  ]);
});

it('holds the agency hand-off for California until the 31st day after the notice', () => {
  const facts = clientFacts({ region: 'US-CA', timeZone: 'America/Los_Angeles' });
  facts.items.push(openItem('inv-1', '2026-01-31'));
  const gated: CollectionPolicy = {
    ...policy,
    ladder: policy.ladder.map((step) =>
      step.kind === 'AGENCY_HANDOFF' ? { ...step, offsetDays: 90 } : step,
    ),
  };
  const taken = climb(facts, '2026-01-28', 130, gated);
  expect(taken.slice(-2)).toEqual([
    '2026-04-16 FEE_ARBITRATION_NOTICE',
    // delivered 16 April: the client's 30 days run to 16 May; agency from the 31st day, 17 May
    '2026-05-17 AGENCY_HANDOFF',
  ]);
});

it('pauses a matter whose client asked for fee arbitration', () => {
  const facts = clientFacts({ region: 'US-CA' });
  facts.items.push(openItem('inv-1', '2026-01-31'));
  facts.feeArbitration.push({
    matterId: 'matter-of-inv-1',
    deliveredOn: '2026-02-01',
    requestedOn: '2026-02-03',
  });
  expect(collectionState(facts, policy, morning('2026-02-10'))).toMatchObject({
    status: 'PAUSED',
    nextStep: null,
  });
});

it('sends by another consented channel after a bounce, and by none the client refused', () => {
  const facts = clientFacts({ consentedChannels: ['EMAIL', 'SMS'] });
  facts.items.push(openItem('inv-1', '2026-01-31'));
  facts.contacts.push({ at: morning('2026-01-28'), channel: 'EMAIL', outcome: 'BOUNCED' });
  expect(collectionState(facts, policy, morning('2026-02-01')).nextStep?.channel).toBe('SMS');
  facts.client.consentedChannels = ['EMAIL'];
  expect(collectionState(facts, policy, morning('2026-02-01')).nextStep?.channel).toBeNull();
});

it('waits for the next allowed moment rather than dropping a step', () => {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  facts.contacts.push({ at: morning('2026-01-30'), channel: 'CALL', outcome: 'CONVERSATION' });
  const state = collectionState(facts, policy, morning('2026-02-01'));
  // the conversation day is day 1 of 7: first allowed 6 February, 08:00 New York (EST)
  expect(state.nextStep?.at).toEqual(new Date('2026-02-06T13:00:00Z'));
});
