import type { OperationDefinitionNode } from 'graphql';
import type { AdmitOperation } from '../engine';
import {
  checkOperationLimits,
  measureSelectedOperation,
  type OperationLimits,
  type OperationMeasure,
} from './operation-limits';

/**
 * The depth and cost limits as the engine applies them, to the document it resolved and the
 * operation it chose from it: a persisted query's hash carries no text to measure beforehand, and
 * the document stored under it may hold operations other than the one its first request ran.
 */
export function createOperationAdmission(limits: OperationLimits): AdmitOperation {
  // The engine hands out one parsed document per distinct text, so each operation is measured once.
  const measured = new WeakMap<OperationDefinitionNode, OperationMeasure>();
  return (document, operation) => {
    let measure = measured.get(operation);
    if (!measure) {
      measure = measureSelectedOperation(document, operation);
      measured.set(operation, measure);
    }
    return checkOperationLimits(measure, limits);
  };
}
