import type { z } from 'zod';

/** One bad field: `path` is dotted from the envelope root (`data.openedOn`), empty for the whole. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A consumer may skip an event type it does not know yet instead of dead-lettering it. */
export class UnknownEventTypeError extends Error {
  readonly code = 'UNKNOWN_EVENT_TYPE';

  constructor(readonly eventType: string) {
    super(`unknown event type ${JSON.stringify(eventType)}: it is not in the event catalogue`);
    this.name = 'UnknownEventTypeError';
  }
}

export class EventValidationError extends Error {
  readonly code = 'EVENT_VALIDATION_FAILED';

  constructor(
    readonly issues: readonly FieldIssue[],
    readonly eventType?: string,
    readonly eventId?: string,
  ) {
    super(`${describeEvent(eventType, eventId)} is invalid: ${issues.map(formatIssue).join('; ')}`);
    this.name = 'EventValidationError';
  }

  static fromZod(error: z.ZodError, eventType?: string, eventId?: string): EventValidationError {
    const issues = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return new EventValidationError(issues, eventType, eventId);
  }
}

function describeEvent(type: string | undefined, id: string | undefined): string {
  const name = type === undefined ? 'event' : `event ${type}`;
  return id === undefined ? name : `${name} (id ${id})`;
}

function formatIssue(issue: FieldIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
