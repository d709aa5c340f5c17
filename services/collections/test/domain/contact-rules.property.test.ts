import fc from 'fast-check';
import { scheduleInstalments } from '../../src/domain/arrangements';
import { addDays, daysBetween, localDate, localDateTime } from '../../src/domain/calendar';
import { collectionState, type CaseFacts } from '../../src/domain/collection-state';
import { isAttempt, nextAllowedContact } from '../../src/domain/contact-limits';
import {
  defaultPolicy,
  ladderFor,
  type CollectionPolicy,
  type MessageChannel,
} from '../../src/domain/policy';
import { clientFacts, openItem } from './case-facts';

// Zones on both sides of UTC, with daylight saving in the north and the south.
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

type Action =
  | { kind: 'jump'; minutes: number }
  | { kind: 'pay'; invoice: number; percent: number }
  | { kind: 'invoice'; dueInDays: number; matter: number }
  | { kind: 'conversation' }
  | { kind: 'optOut'; channel: MessageChannel; inPortal: boolean }
  | { kind: 'promise'; days: number; percent: number }
  | { kind: 'plan'; count: number }
  | { kind: 'dispute'; invoice: number; percent: number }
  | { kind: 'policy'; shift: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      minutes: fc.integer({ min: 1, max: 6 * 24 * 60 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      invoice: fc.nat(5),
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      dueInDays: fc.integer({ min: -40, max: 20 }),
      matter: fc.nat(1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('conversation' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('optOut' as const),
      channel: fc.constantFrom<MessageChannel>('EMAIL', 'SMS', 'LETTER'),
      inPortal: fc.boolean(),
    }),
  },
  // Arrangements: a promise, a plan (weekly, from a week on) and a dispute, mixed in at random.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('promise' as const),
      days: fc.integer({ min: 0, max: 30 }),
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('plan' as const),
      count: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dispute' as const),
      invoice: fc.nat(5),
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('policy' as const),
      shift: fc.integer({ min: -10, max: 10 }),
    }),
  },
);

interface Sent {
  at: Date;
  channel: MessageChannel;
  matters: string[];
  paidListed: boolean;
  optedOut: boolean;
  skipped: boolean;
}

/** Plays the actions against the pure state, taking each due step the moment a sweep sees it. */
function play(zone: string, region: string, start: Date, actions: Action[]) {
  const facts: CaseFacts = clientFacts({
    timeZone: zone,
    region,
    consentedChannels: ['EMAIL', 'SMS', 'LETTER'],
  });
  let policy: CollectionPolicy = defaultPolicy();
  let now = start;
  const sent: Sent[] = [];
  const addInvoice = (dueInDays: number, matter: number) => {
    const item = openItem(`inv-${facts.items.length}`, addDays(localDate(zone, now), dueInDays));
    facts.items.push({ ...item, matterId: `matter-${matter}` });
  };
  addInvoice(5, 0);
  const sweep = () => {
    const state = collectionState(facts, policy, now);
    const step = state.nextStep;
    if (step === null || step.at.getTime() > now.getTime()) return;
    const ladder = ladderFor(policy, facts.client.segment).filter(
      (stage) =>
        stage.kind !== 'PRE_DUE_REMINDER' &&
        (stage.kind !== 'FEE_ARBITRATION_NOTICE' || policy.feeArbitrationRegions.includes(region)),
    );
    const skipped = step.invoiceIds.some((invoiceId) => {
      const before = ladder.slice(
        0,
        ladder.findIndex((stage) => stage.kind === step.stage.kind),
      );
      const reached = new Set(
        facts.steps.filter((s) => s.invoiceId === invoiceId).map((s) => s.kind),
      );
      return (
        step.stage.kind !== 'PRE_DUE_REMINDER' && before.some((stage) => !reached.has(stage.kind))
      );
    });
    for (const invoiceId of step.invoiceIds) {
      facts.steps.push({ invoiceId, kind: step.stage.kind, at: now });
    }
    if (step.channel === null) return;
    const listed = facts.items.filter((item) => step.listedInvoiceIds.includes(item.invoiceId));
    sent.push({
      at: now,
      channel: step.channel,
      matters: [...new Set(listed.map((item) => item.matterId))],
      paidListed: listed.some((item) => item.openMinor <= 0n),
      optedOut:
        !facts.client.consentedChannels.includes(step.channel) ||
        facts.optedOutChannels.includes(step.channel),
      skipped,
    });
    facts.contacts.push({ at: now, channel: step.channel, outcome: 'SENT' });
  };
  for (const next of actions) {
    switch (next.kind) {
      case 'jump':
        now = new Date(now.getTime() + next.minutes * 60_000);
        break;
      case 'pay': {
        const item = facts.items[next.invoice % facts.items.length]!;
        const paidMinor = (item.openMinor * BigInt(next.percent)) / 100n;
        item.openMinor -= paidMinor;
        facts.payments.push({ invoiceId: item.invoiceId, on: localDate(zone, now), paidMinor });
        break;
      }
      case 'promise':
      case 'plan': {
        const open = facts.items.filter((item) => item.openMinor > 0n);
        if (open.length === 0) break;
        const today = localDate(zone, now);
        const totalMinor = open.reduce((sum, item) => sum + item.openMinor, 0n);
        const invoiceIds = open.map((item) => item.invoiceId);
        if (next.kind === 'promise') {
          facts.promises.push({
            promiseId: `promise-${facts.promises.length}`,
            invoiceIds,
            amountMinor: (totalMinor * BigInt(next.percent)) / 100n + 1n,
            madeOn: today,
            payBy: addDays(today, next.days),
          });
        } else {
          facts.plans.push({
            planId: `plan-${facts.plans.length}`,
            invoiceIds,
            startedOn: today,
            graceDays: 3,
            instalments: scheduleInstalments(totalMinor, next.count, 'WEEKLY', addDays(today, 7)),
            remindedSeqs: [],
          });
        }
        break;
      }
      case 'dispute': {
        if (facts.items.length === 0) break;
        const item = facts.items[next.invoice % facts.items.length]!;
        const amountMinor = (item.openMinor * BigInt(next.percent)) / 100n;
        if (amountMinor > 0n) {
          facts.disputes.push({
            disputeId: `dispute-${facts.disputes.length}`,
            invoiceId: item.invoiceId,
            amountMinor,
            deadline: addDays(localDate(zone, now), 30),
            ownerReminded: false,
          });
        }
        break;
      }
      case 'invoice':
        addInvoice(next.dueInDays, next.matter);
        break;
      case 'conversation':
        // an agent calls only when the limits allow it
        if (
          nextAllowedContact(facts.contacts, policy.limits, zone, now, 'CALL').getTime() ===
          now.getTime()
        ) {
          facts.contacts.push({ at: now, channel: 'CALL', outcome: 'CONVERSATION' });
        }
        break;
      case 'optOut':
        // billing's consent withdrawn, or the client's own opt-out in the portal
        if (next.inPortal) facts.optedOutChannels.push(next.channel);
        else {
          facts.client.consentedChannels = facts.client.consentedChannels.filter(
            (c) => c !== next.channel,
          );
        }
        break;
      case 'policy':
        policy = {
          ...policy,
          version: policy.version + 1,
          ladder: policy.ladder.map((stage) =>
            stage.kind === 'PRE_DUE_REMINDER'
              ? stage
              : { ...stage, offsetDays: Math.max(1, stage.offsetDays + next.shift) },
          ),
        };
        // keep offsets strictly rising, as a published policy must
        policy.ladder.forEach((stage, index) => {
          const previous = policy.ladder[index - 1];
          if (previous !== undefined && stage.offsetDays <= previous.offsetDays)
            stage.offsetDays = previous.offsetDays + 1;
        });
        break;
    }
    sweep();
  }
  return { facts, sent };
}

let messagesSent = 0;

it('never breaks a contact rule, skips a stage, or writes about a paid amount', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.constantFrom('US-CA', 'US-NY'),
      fc.date({
        min: new Date('2026-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.array(action, { minLength: 20, maxLength: 200 }),
      (zone, region, start, actions) => {
        const { facts, sent } = play(zone, region, start, actions);
        messagesSent += sent.length;
        for (const message of sent) {
          const local = localDateTime(zone, message.at);
          expect(local.secondOfDay).toBeGreaterThanOrEqual(8 * 3600);
          expect(local.secondOfDay).toBeLessThan(21 * 3600);
          expect(message).toMatchObject({ paidListed: false, optedOut: false, skipped: false });
        }
        const attempts = facts.contacts.filter(isAttempt);
        const days = attempts.map((entry) => localDate(zone, entry.at));
        for (const day of days) {
          const inWindow = days.filter((other) => {
            const gap = daysBetween(day, other);
            return gap >= 0 && gap < 7;
          });
          expect(inWindow.length).toBeLessThanOrEqual(7);
          // a matter's attempts are among its client's: check them the same way
          for (const matter of ['matter-0', 'matter-1']) {
            const matterDays = sent
              .filter((message) => message.matters.includes(matter))
              .map((message) => localDate(zone, message.at))
              .filter((other) => {
                const gap = daysBetween(day, other);
                return gap >= 0 && gap < 7;
              });
            expect(matterDays.length).toBeLessThanOrEqual(7);
          }
        }
        const messageDays = sent.map((message) => localDate(zone, message.at));
        expect(new Set(messageDays).size).toBe(messageDays.length);
        for (const talk of facts.contacts.filter((entry) => entry.outcome === 'CONVERSATION')) {
          const talkedOn = localDate(zone, talk.at);
          // the conversation's day is day 1: nothing after it on days 1-7
          const tooSoon = attempts.filter(
            (entry) =>
              entry.at.getTime() > talk.at.getTime() &&
              daysBetween(talkedOn, localDate(zone, entry.at)) < 7,
          );
          expect(tooSoon).toEqual([]);
        }
      },
    ),
    { numRuns: 150 },
  );
  // the runs did send: the rules were tested on real ladders, not on silence
  expect(messagesSent).toBeGreaterThan(150);
});
