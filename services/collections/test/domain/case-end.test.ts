import { agencyHandOff } from '../../src/domain/agency';
import { collectionState } from '../../src/domain/collection-state';
import { defaultPolicy } from '../../src/domain/policy';
import { allocateWriteOff } from '../../src/domain/write-off';
import { clientFacts, openItem } from './case-facts';

const policy = defaultPolicy();

const dispute = (disputeId: string, amountMinor: bigint) => ({
  disputeId,
  invoiceId: 'inv-1',
  amountMinor,
  deadline: '2026-04-30',
  ownerReminded: false,
});

/** A California client (the fee-arbitration notice applies) with one past-due invoice. */
function californian() {
  const facts = clientFacts({ region: 'US-CA', timeZone: 'America/Los_Angeles' });
  facts.items.push(openItem('inv-1', '2026-01-31'));
  return facts;
}

describe('agencyHandOff', () => {
  it('waits for a delivered notice, then its 30 days: the hand-off from the 31st day', () => {
    const facts = californian();
    expect(agencyHandOff(facts, policy, '2026-04-20')).toEqual({
      allowed: false,
      blocks: [{ reason: 'NOTICE_NOT_DELIVERED', matterId: 'matter-of-inv-1' }],
    });
    facts.feeArbitration.push({
      matterId: 'matter-of-inv-1',
      deliveredOn: '2026-04-20',
      requestedOn: null,
    });
    // 20 April + 30 days is 20 May, the client's last day to ask; 21 May is the 31st day.
    expect(agencyHandOff(facts, policy, '2026-05-20')).toEqual({
      allowed: false,
      blocks: [
        { reason: 'ARBITRATION_WAIT', matterId: 'matter-of-inv-1', allowedFrom: '2026-05-21' },
      ],
    });
    expect(agencyHandOff(facts, policy, '2026-05-21')).toEqual({
      allowed: true,
      items: [
        { invoiceId: 'inv-1', matterId: 'matter-of-inv-1', amountMinor: 100000n, currency: 'USD' },
      ],
    });
  });

  it('takes the notice sent by the ladder when no delivery was recorded separately', () => {
    const facts = californian();
    facts.steps.push({
      invoiceId: 'inv-1',
      kind: 'FEE_ARBITRATION_NOTICE',
      at: new Date('2026-04-20T17:00:00Z'),
    });
    expect(agencyHandOff(facts, policy, '2026-05-21').allowed).toBe(true);
    expect(agencyHandOff(facts, policy, '2026-05-20').allowed).toBe(false);
  });

  it('refuses a matter whose client asked for arbitration, whatever the date', () => {
    const facts = californian();
    facts.feeArbitration.push({
      matterId: 'matter-of-inv-1',
      deliveredOn: '2026-01-02',
      requestedOn: '2026-01-20',
    });
    expect(agencyHandOff(facts, policy, '2026-09-01')).toEqual({
      allowed: false,
      blocks: [
        { reason: 'ARBITRATION_REQUESTED', matterId: 'matter-of-inv-1', requestedOn: '2026-01-20' },
      ],
    });
  });

  it('needs no notice where the rule does not apply, but something past due and undisputed', () => {
    const facts = clientFacts();
    facts.items.push(openItem('inv-1', '2026-01-31', 500), openItem('inv-2', '2026-03-31'));
    facts.disputes.push(dispute('d-1', 20000n));
    // inv-2 is not yet due; of inv-1 only the undisputed 300.00 goes.
    expect(agencyHandOff(facts, policy, '2026-03-01')).toEqual({
      allowed: true,
      items: [
        { invoiceId: 'inv-1', matterId: 'matter-of-inv-1', amountMinor: 30000n, currency: 'USD' },
      ],
    });
    facts.disputes.push(dispute('d-2', 30000n));
    facts.withAgency = true;
    expect(agencyHandOff(facts, policy, '2026-03-01')).toEqual({
      allowed: false,
      blocks: [{ reason: 'ALREADY_WITH_AGENCY' }, { reason: 'NOTHING_PAST_DUE' }],
    });
  });
});

describe('allocateWriteOff', () => {
  it('takes the oldest invoices first, whole, and the rest from the next', () => {
    expect(
      allocateWriteOff(70000n, [
        { invoiceId: 'newer', dueDate: '2026-03-01', openMinor: 50000n },
        { invoiceId: 'older', dueDate: '2026-01-01', openMinor: 40000n },
        { invoiceId: 'newest', dueDate: '2026-04-01', openMinor: 10000n },
      ]),
    ).toEqual([
      { invoiceId: 'older', amountMinor: 40000n },
      { invoiceId: 'newer', amountMinor: 30000n },
    ]);
  });
});

describe("a partner's end of a case", () => {
  const now = new Date('2026-03-20T17:00:00Z');

  it('holds the ended invoices: nothing past due is left to chase, no step is next', () => {
    const facts = clientFacts();
    facts.items.push(openItem('inv-1', '2026-01-31'));
    facts.endedInvoiceIds = ['inv-1'];
    const state = collectionState(facts, policy, now);
    expect(state.status).toBe('NONE');
    expect(state.items.map((item) => item.status)).toEqual(['ENDED']);
    expect(state.nextStep).toBeNull();
  });

  it('lifts when a new item goes past due: the case reopens with every item', () => {
    const facts = clientFacts();
    facts.items.push(openItem('inv-1', '2026-01-31'), openItem('inv-2', '2026-03-25'));
    facts.endedInvoiceIds = ['inv-1'];
    expect(collectionState(facts, policy, now).status).toBe('NONE');
    const later = collectionState(facts, policy, new Date('2026-03-26T17:00:00Z'));
    expect(later.status).toBe('OPEN');
    expect(later.items.map((item) => item.status)).toEqual(['OVERDUE', 'OVERDUE']);
    // Neither has a step yet: both get the friendly reminder together.
    expect(later.nextStep?.stage.kind).toBe('FRIENDLY_REMINDER');
    expect(later.nextStep?.invoiceIds).toEqual(['inv-1', 'inv-2']);
  });
});
