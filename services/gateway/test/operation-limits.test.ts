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

  it('measures fragments that spread the next one twice without walking every expansion', () => {
    // Trillions of fields once expanded: measured in one pass per fragment, far over any limit.
    const fragments = Array.from(
      { length: 40 },
      (_, level) =>
        `fragment F${level} on T { x${level}: a { ...F${level + 1} } y${level}: a { ...F${level + 1} } }`,
    ).join(' ');
    const measured = measure(`{ ...F0 } ${fragments} fragment F40 on T { leaf }`);
    expect(measured.depth).toBe(41);
    // F40 is 1 field; each level is 2 fields plus 2 copies of the next: 3 * 2^40 - 2.
    expect(measured.cost).toBe(3 * 2 ** 40 - 2);
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
