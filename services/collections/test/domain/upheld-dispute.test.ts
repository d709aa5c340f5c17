import { collectionState, type CaseFacts } from '../../src/domain/collection-state';
import { defaultPolicy } from '../../src/domain/policy';
import { clientFacts, openItem } from './case-facts';

const policy = defaultPolicy();
const morning = (date: string) => new Date(`${date}T15:00:00Z`);

/**
 * A 1,000.00 invoice due 31 January with 400.00 of it disputed; the dispute is upheld on
 * 20 February. Billing's credit note arrives through its event some time later.
 */
function upheld(): CaseFacts {
  const facts = clientFacts();
  facts.items.push(openItem('inv-1', '2026-01-31'));
  facts.awaitedCredits.push({
    disputeId: 'dispute-1',
    invoiceId: 'inv-1',
    creditMinor: 40000n,
    decidedOn: '2026-02-20',
  });
  return facts;
}

const itemOn = (facts: CaseFacts, date: string) =>
  collectionState(facts, policy, morning(date)).items[0]!;

describe('an upheld dispute until billing credits it', () => {
  it('keeps the upheld amount out of dunning while no credit note has come', () => {
    const item = itemOn(upheld(), '2026-02-21');
    expect(item.status).toBe('OVERDUE');
    expect(item.openMinor - item.disputedMinor).toBe(60000n);
  });

  it('holds a wholly upheld invoice like a disputed one', () => {
    const facts = upheld();
    facts.awaitedCredits[0]!.creditMinor = 100000n;
    expect(itemOn(facts, '2026-02-21').status).toBe('DISPUTED');
    expect(collectionState(facts, policy, morning('2026-02-21')).nextStep).toBeNull();
  });

  it('lets go once the credit note is in the open amount: nothing sticks', () => {
    const facts = upheld();
    facts.items[0]!.openMinor = 60000n;
    facts.creditNotes.push({ invoiceId: 'inv-1', on: '2026-02-21', creditedMinor: 40000n });
    const item = itemOn(facts, '2026-02-22');
    expect(item.disputedMinor).toBe(0n);
    expect(item.openMinor).toBe(60000n);
  });

  it('counts only credit notes from the decision on, and keeps out what they do not cover', () => {
    const facts = upheld();
    // A courtesy credit of 100.00 before the decision is not the dispute's credit note.
    facts.creditNotes.push({ invoiceId: 'inv-1', on: '2026-02-10', creditedMinor: 10000n });
    facts.items[0]!.openMinor = 90000n;
    expect(itemOn(facts, '2026-02-21').disputedMinor).toBe(40000n);
    // Billing credits 150.00 first: the other 250.00 stays out of dunning.
    facts.creditNotes.push({ invoiceId: 'inv-1', on: '2026-02-20', creditedMinor: 15000n });
    facts.items[0]!.openMinor = 75000n;
    expect(itemOn(facts, '2026-02-21').disputedMinor).toBe(25000n);
  });

  it('adds to what is under open dispute on the same invoice', () => {
    const facts = upheld();
    facts.disputes.push({
      disputeId: 'dispute-2',
      invoiceId: 'inv-1',
      amountMinor: 10000n,
      deadline: '2026-03-10',
      ownerReminded: false,
    });
    expect(itemOn(facts, '2026-02-21').disputedMinor).toBe(50000n);
  });
});
