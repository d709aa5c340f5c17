import type { z } from 'zod';
import { currentContext } from './context';

/** An error the caller can act on: it carries a stable code and the HTTP status that fits it. */
export class AppError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    httpStatus: number,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = httpStatus;
    if (options.details !== undefined) this.details = options.details;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication is required') {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', details?: Record<string, unknown>) {
    super('FORBIDDEN', 403, message, { details });
  }
}

/** Bad input; `fields` maps each offending field (dotted path) to what is wrong with it. */
export class BadUserInputError extends AppError {
  readonly fields: Record<string, string>;

  constructor(fields: Record<string, string>, message = describeFields(fields)) {
    super('BAD_USER_INPUT', 400, message);
    this.fields = fields;
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', details?: Record<string, unknown>) {
    super('NOT_FOUND', 404, message, { details });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', 409, message, { details });
  }
}

/** A business rule said no, e.g. `INSUFFICIENT_TRUST_FUNDS` or `CREDIT_HOLD`. */
export class DomainRuleError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 422, message, { details });
  }
}

function describeFields(fields: Record<string, string>): string {
  const names = Object.keys(fields);
  return names.length === 0 ? 'The input is invalid' : `Invalid input: ${names.join(', ')}`;
}

/** Key used when zod reports a problem with the input as a whole rather than one field. */
const WHOLE_INPUT = 'input';

/** Turns a zod validation error into BAD_USER_INPUT, one entry per field (first problem wins). */
export function fromZodError(error: z.ZodError): BadUserInputError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? WHOLE_INPUT : issue.path.map(String).join('.');
    fields[key] ??= issue.message;
  }
  return new BadUserInputError(fields);
}

/** RFC 9457 problem details, with Lexfin's extension members. */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  fields?: Record<string, string>;
  details?: Record<string, unknown>;
  correlationId?: string;
}

const INTERNAL_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

/**
 * The problem+json body for `error`. Errors that are not AppErrors are bugs or outages: the caller
 * gets a generic 500 that quotes the correlation id, never the message or stack.
 */
export function toProblemJson(
  error: unknown,
  instance?: string,
  correlationId: string | undefined = currentContext()?.correlationId,
): ProblemJson {
  const known = error instanceof AppError;
  const code = known ? error.code : INTERNAL_ERROR_CODE;
  const problem: ProblemJson = {
    type: `https://lexfin.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(code),
    status: known ? error.httpStatus : 500,
    detail: known
      ? error.message
      : 'The server could not complete the request. Quote the correlation id when reporting this.',
    code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (error instanceof BadUserInputError) problem.fields = error.fields;
  if (known && error.details !== undefined) problem.details = error.details;
  if (correlationId !== undefined) problem.correlationId = correlationId;
  return problem;
}

/** `INSUFFICIENT_TRUST_FUNDS` -> `Insufficient trust funds`. */
function titleOf(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
