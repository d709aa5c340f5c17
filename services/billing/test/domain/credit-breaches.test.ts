import { answerToBreached, answerToRestored } from '../../src/domain/credit-breaches';

const open = { opened: true, closed: false };
const over = { opened: true, closed: true };
const restoredFirst = { opened: false, closed: true };

describe('credit breaches', () => {
  it('holds for a breach it has not seen, and for no other', () => {
    expect(answerToBreached(undefined)).toBe('OPEN_AND_HOLD');
    expect(answerToBreached(open)).toBe('NOTHING');
    expect(answerToBreached(over)).toBe('NOTHING');
    // Its restore came first (a dead letter replayed late): what it was is kept, no hold.
    expect(answerToBreached(restoredFirst)).toBe('RECORD_RESTORED');
  });

  it("releases the holds with the client's last active breach only", () => {
    expect(answerToRestored(open, 0)).toBe('CLOSE_AND_RELEASE');
    expect(answerToRestored(open, 1)).toBe('CLOSE');
    expect(answerToRestored(over, 0)).toBe('NOTHING');
    expect(answerToRestored(restoredFirst, 0)).toBe('NOTHING');
    expect(answerToRestored(undefined, 0)).toBe('RECORD_EARLY');
    expect(answerToRestored(undefined, 2)).toBe('RECORD_EARLY');
  });
});
