import { needsApproval, requireSecondPerson } from '../../src/domain/disbursement-approval';
import { requireLedgerUse } from '../../src/domain/ledger-use';
import { shortageLeftBy } from '../../src/domain/shortage';

const code = (act: () => void) => {
  try {
    act();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('what a ledger may take', () => {
  it("the firm-funds ledger takes the firm's money and pays bank charges, nothing else", () => {
    for (const entryType of ['DEPOSIT', 'DEPOSIT_RETURNED', 'BANK_CHARGE', 'REVERSAL'] as const) {
      expect(code(() => requireLedgerUse('FIRM_FUNDS', entryType))).toBeUndefined();
    }
    for (const entryType of ['DISBURSEMENT', 'TRANSFER_TO_OPERATING', 'REFUND'] as const) {
      expect(code(() => requireLedgerUse('FIRM_FUNDS', entryType))).toBe('COMMINGLING_FORBIDDEN');
    }
  });

  it('a client ledger never pays the bank its charges', () => {
    expect(code(() => requireLedgerUse('CLIENT_MATTER', 'BANK_CHARGE'))).toBe(
      'COMMINGLING_FORBIDDEN',
    );
    expect(code(() => requireLedgerUse('CLIENT_MATTER', 'SHORTAGE_COVER'))).toBeUndefined();
  });
});

describe('a disbursement above the threshold', () => {
  it('waits for a second person, who is not the one who asked', () => {
    expect(needsApproval(10_001n, 10_000n)).toBe(true);
    expect(needsApproval(10_000n, 10_000n)).toBe(false);
    expect(code(() => requireSecondPerson('ann', 'ann'))).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(code(() => requireSecondPerson('ann', 'bob'))).toBeUndefined();
  });
});

describe('the shortage a returned deposit leaves', () => {
  it('is what of it was already paid out, at most the deposit', () => {
    expect(shortageLeftBy(10_000n, 5_000n)).toBe(0n);
    expect(shortageLeftBy(10_000n, -4_000n)).toBe(4_000n);
    expect(shortageLeftBy(10_000n, -25_000n)).toBe(10_000n);
  });
});
