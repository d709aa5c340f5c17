import {
  placeHold,
  releaseHold,
  shownHoldReason,
  type CreditHold,
} from '../../src/domain/credit-holds';

const person: CreditHold = { source: 'PERSON', placedBy: 'partner-1', reason: 'Fee dispute' };
const credit: CreditHold = {
  source: 'CREDIT',
  placedBy: 'system:credit-limit',
  reason: 'Above the limit',
  breachId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
};
const open = { id: 'm', status: 'OPEN' as const, holds: [] };

describe('credit holds by source', () => {
  it('adds a second source to a held matter and keeps it held until both are released', () => {
    const byPerson = placeHold(open, person);
    expect(byPerson.status).toBe('ON_HOLD');
    const both = placeHold({ ...open, ...byPerson }, credit);
    expect(both).toEqual({ status: 'ON_HOLD', holds: [person, credit] });
    const creditReleased = releaseHold({ ...open, ...both }, 'CREDIT');
    expect(creditReleased).toEqual({ status: 'ON_HOLD', holds: [person] });
    expect(releaseHold({ ...open, ...creditReleased }, 'PERSON')).toEqual({
      status: 'OPEN',
      holds: [],
    });
  });

  it('refuses the same source twice, releasing a source that holds nothing, and closed matters', () => {
    const held = { ...open, ...placeHold(open, credit) };
    expect(() => placeHold(held, credit)).toThrow(
      expect.objectContaining({ code: 'MATTER_NOT_OPEN' }),
    );
    expect(() => releaseHold(held, 'PERSON')).toThrow(
      expect.objectContaining({ code: 'MATTER_NOT_OPEN' }),
    );
    const closed = { id: 'm', status: 'CLOSED' as const, holds: [] };
    expect(() => placeHold(closed, person)).toThrow(
      expect.objectContaining({ code: 'MATTER_CLOSED' }),
    );
  });

  it("shows a person's reason before credit's", () => {
    expect(shownHoldReason([credit, person])).toBe('Fee dispute');
    expect(shownHoldReason([credit])).toBe('Above the limit');
    expect(shownHoldReason([])).toBeNull();
  });
});
