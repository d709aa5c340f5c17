import { parse } from 'graphql';
import { checkOperationLimits, measureOperation } from '../src/guards/operation-limits';

const measure = (query: string, operationName?: string) =>
  measureOperation(parse(query), operationName);

describe('operation limits', () => {
  it('counts depth and fields through fragments and inline fragments', () => {
    expect(measure('{ a { b { c } } d }')).toEqual({ depth: 3, cost: 4 });
    expect(measure('{ a { ...F } } fragment F on T { b { c } ... on T { e } }')).toEqual({
      depth: 3,
      cost: 4,
    });
  });

  it('measures the operation the request names', () => {
    expect(measure('query Small { a } query Big { a { b { c } } }', 'Big')).toEqual({
      depth: 3,
      cost: 3,
    });
  });

  it('does not loop on a fragment that spreads itself', () => {
    expect(measure('{ a { ...F } } fragment F on T { b ...F }')).toEqual({ depth: 2, cost: 2 });
  });

  it('names the limit an operation breaks', () => {
    expect(checkOperationLimits({ depth: 13, cost: 5 }, { maxDepth: 12, maxCost: 100 })?.code).toBe(
      'QUERY_TOO_DEEP',
    );
    expect(
      checkOperationLimits({ depth: 2, cost: 101 }, { maxDepth: 12, maxCost: 100 })?.code,
    ).toBe('QUERY_TOO_COMPLEX');
    expect(
      checkOperationLimits({ depth: 12, cost: 100 }, { maxDepth: 12, maxCost: 100 }),
    ).toBeUndefined();
  });
});
