import { allTopics, deadLetterTopicFor, messageKeyFor } from '../src';

describe('topics', () => {
  it('has one topic per service with 12 partitions', () => {
    expect(allTopics()).toEqual([
      { name: 'lexfin.billing.events', partitions: 12 },
      { name: 'lexfin.trust.events', partitions: 12 },
      { name: 'lexfin.credit.events', partitions: 12 },
      { name: 'lexfin.collections.events', partitions: 12 },
      { name: 'lexfin.webhooks.events', partitions: 12 },
    ]);
  });

  it('names a dead-letter topic per consumer group', () => {
    expect(deadLetterTopicFor('trust-accounting.billing-events')).toBe(
      'lexfin.dlq.trust-accounting.billing-events',
    );
  });

  it.each(['', 'trust accounting', 'trust/billing', 'x'.repeat(240)])(
    'refuses a group that cannot name a topic: %j',
    (group) => {
      expect(() => deadLetterTopicFor(group)).toThrow('cannot name a dead-letter topic');
    },
  );

  it('keys messages by firm and client', () => {
    expect(messageKeyFor('firm-1', 'client-7')).toBe('firm-1:client-7');
  });
});
