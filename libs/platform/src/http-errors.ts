import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { AppError, BadUserInputError, UnauthenticatedError, toProblemJson } from './errors';

/**
 * Fastify's own request errors (schema validation, unparsable or oversized bodies...) become the
 * matching AppError. Any other error is left as is: with no AppError to say otherwise, it is ours.
 */
export function fromRequestError(error: unknown): unknown {
  if (error instanceof AppError || !isFastifyError(error)) return error;
  const { statusCode, validation, validationContext } = error;
  const part = validationContext ?? 'body';
  if (validation !== undefined) {
    return new BadUserInputError(fieldsOf(validation, part), `The request ${part} is invalid`);
  }
  if (statusCode === undefined || statusCode < 400 || statusCode >= 500) return error;
  if (statusCode === 400) return new BadUserInputError({ [part]: error.message }, error.message);
  if (statusCode === 401) return new UnauthenticatedError(error.message);
  return new AppError(codeForStatus(statusCode), statusCode, error.message);
}

/** Answers `error` as problem+json; 5xx are logged with their stack, 4xx with their code only. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const problem = toProblemJson(error, pathOf(request));
  if (problem.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
  }
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** The request path without its query string (which may carry personal data). */
export function pathOf(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}

interface FastifyRequestError extends Error {
  code: string;
  statusCode?: number;
  validation?: FastifySchemaValidationError[];
  validationContext?: string;
}

function isFastifyError(error: unknown): error is FastifyRequestError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('FST_')
  );
}

function fieldsOf(
  validation: FastifySchemaValidationError[],
  part: string,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const problem of validation) {
    const path = problem.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = problem.params.missingProperty;
    if (typeof missing === 'string') path.push(missing);
    const key = path.length === 0 ? part : path.join('.');
    fields[key] ??= typeof missing === 'string' ? 'is required' : (problem.message ?? 'is invalid');
  }
  return fields;
}

/** 413 -> PAYLOAD_TOO_LARGE, 415 -> UNSUPPORTED_MEDIA_TYPE... */
function codeForStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z]+/g, '_');
}
