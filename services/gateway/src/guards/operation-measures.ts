import { parse } from 'graphql';
import { measureOperation, type OperationMeasure } from './operation-limits';

/**
 * Measures each distinct operation once: front-ends send the same few documents with different
 * variables, so parsing per request would be wasted work. Bounded, least recently used first out.
 */
export function createOperationMeasures(capacity = 1_000) {
  const measured = new Map<string, OperationMeasure | null>();
  return {
    /** undefined when the document does not parse: the engine answers with the syntax error. */
    of(query: string, operationName?: string | null): OperationMeasure | undefined {
      const key = `${operationName ?? ''}\u0000${query}`;
      let measure = measured.get(key);
      if (measure === undefined) {
        try {
          measure = measureOperation(parse(query), operationName);
        } catch {
          measure = null;
        }
        if (measured.size >= capacity) measured.delete(measured.keys().next().value!);
      } else {
        measured.delete(key);
      }
      measured.set(key, measure);
      return measure ?? undefined;
    },
  };
}
