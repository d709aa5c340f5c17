import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationLimits {
  /** Deepest field nesting allowed (fragments expanded). */
  maxDepth: number;
  /** Most fields one operation may select in all (fragments expanded, each spread counted). */
  maxCost: number;
}

export interface OperationMeasure {
  depth: number;
  cost: number;
}

export type LimitViolation =
  | { code: 'QUERY_TOO_DEEP'; message: string; depth: number; maxDepth: number }
  | { code: 'QUERY_TOO_COMPLEX'; message: string; cost: number; maxCost: number };

/** Depth and field count of the operation a request names (the first one when it names none). */
export function measureOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationMeasure {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  );
  return operation ? measureSelectedOperation(document, operation) : { depth: 0, cost: 0 };
}

/**
 * Depth and field count of `operation`, one of `document`'s, with the document's fragments
 * expanded. A fragment spread inside itself is counted once (GraphQL validation rejects the cycle;
 * this must not loop on a document that has not been validated yet).
 */
export function measureSelectedOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }

  const measure = (
    selectionSet: SelectionSetNode,
    depth: number,
    visiting: Set<string>,
  ): OperationMeasure => {
    let deepest = depth;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += 1;
        if (selection.selectionSet) {
          const inner = measure(selection.selectionSet, depth + 1, visiting);
          deepest = Math.max(deepest, inner.depth);
          cost += inner.cost;
        } else {
          deepest = Math.max(deepest, depth + 1);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = measure(selection.selectionSet, depth, visiting);
        deepest = Math.max(deepest, inner.depth);
        cost += inner.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        // Measured once, relative to where it is spread: fragments that each spread the next
        // twice would otherwise cost 2^n walks before any limit could refuse them.
        let inner = measuredFragments.get(name);
        if (inner === undefined) {
          inner = measure(fragment.selectionSet, 0, new Set(visiting).add(name));
          measuredFragments.set(name, inner);
        }
        deepest = Math.max(deepest, depth + inner.depth);
        cost += inner.cost;
      }
    }
    return { depth: deepest, cost };
  };
  const measuredFragments = new Map<string, OperationMeasure>();
  return measure(operation.selectionSet, 0, new Set());
}

export function checkOperationLimits(
  measured: OperationMeasure,
  limits: OperationLimits,
): LimitViolation | undefined {
  if (measured.depth > limits.maxDepth) {
    return {
      code: 'QUERY_TOO_DEEP',
      message: `The operation nests ${measured.depth} levels deep; at most ${limits.maxDepth} are allowed`,
      depth: measured.depth,
      maxDepth: limits.maxDepth,
    };
  }
  if (measured.cost > limits.maxCost) {
    return {
      code: 'QUERY_TOO_COMPLEX',
      message: `The operation selects ${measured.cost} fields; at most ${limits.maxCost} are allowed`,
      cost: measured.cost,
      maxCost: limits.maxCost,
    };
  }
  return undefined;
}
