import type { Identity } from '../src';
import { VerifiedTokens } from '../src/verified-tokens';

const identity = (userId: string): Identity => ({
  userId,
  firmId: 'firm-1',
  roles: ['partner'],
  token: userId,
});

describe('VerifiedTokens', () => {
  it('forgets a token at its expiry', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('t', identity('u-1'), 1_000);
    expect(tokens.get('t', 999_999)?.userId).toBe('u-1');
    expect(tokens.get('t', 1_000_000)).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('a', identity('a'), 2_000_000_000);
    tokens.remember('b', identity('b'), 2_000_000_000);
    tokens.remember('c', identity('c'), 2_000_000_000);
    expect(tokens.get('a')).toBeUndefined();
    expect(tokens.get('c')?.userId).toBe('c');
  });

  it('remembers nothing with capacity 0', () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember('a', identity('a'), 2_000_000_000);
    expect(tokens.get('a')).toBeUndefined();
  });
});
