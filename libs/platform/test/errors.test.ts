import { z } from 'zod';
import {
  AppError,
  BadUserInputError,
  ConflictError,
  DomainRuleError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  fromZodError,
  runWithContext,
  toProblemJson,
} from '../src';

describe('toProblemJson', () => {
  it.each([
    [new UnauthenticatedError('The token has expired'), 401, 'UNAUTHENTICATED', 'Unauthenticated'],
    [new ForbiddenError('Partners only'), 403, 'FORBIDDEN', 'Forbidden'],
    [new NotFoundError('Invoice not found'), 404, 'NOT_FOUND', 'Not found'],
    [new ConflictError('Idempotency key reused'), 409, 'CONFLICT', 'Conflict'],
  ])('answers %p with its status and code', (error, status, code, title) => {
    expect(toProblemJson(error, '/invoices/42', 'corr-1')).toEqual({
      type: `https://lexfin.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail: error.message,
      instance: '/invoices/42',
      code,
      correlationId: 'corr-1',
    });
  });

  it('names each bad field of BAD_USER_INPUT', () => {
    const error = new BadUserInputError({ amount: 'has more decimals than EUR allows' });
    expect(error).toBeInstanceOf(AppError);
    expect(toProblemJson(error, '/imports', 'corr-2')).toEqual({
      type: 'https://lexfin.dev/problems/bad-user-input',
      title: 'Bad user input',
      status: 400,
      detail: 'Invalid input: amount',
      instance: '/imports',
      code: 'BAD_USER_INPUT',
      fields: { amount: 'has more decimals than EUR allows' },
      correlationId: 'corr-2',
    });
  });

  it('carries the code and details of a broken domain rule', () => {
    const error = new DomainRuleError(
      'INSUFFICIENT_TRUST_FUNDS',
      'The client trust ledger holds less than the disbursement',
      { available: '120.00', requested: '500.00', currency: 'EUR' },
    );
    expect(toProblemJson(error, '/disbursements', 'corr-3')).toEqual({
      type: 'https://lexfin.dev/problems/insufficient-trust-funds',
      title: 'Insufficient trust funds',
      status: 422,
      detail: 'The client trust ledger holds less than the disbursement',
      instance: '/disbursements',
      code: 'INSUFFICIENT_TRUST_FUNDS',
      details: { available: '120.00', requested: '500.00', currency: 'EUR' },
      correlationId: 'corr-3',
    });
  });

  it('turns an unknown error into a generic 500 that leaks nothing', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
    const problem = toProblemJson(error, '/invoices', 'corr-4');
    expect(problem).toEqual({
      type: 'https://lexfin.dev/problems/internal-server-error',
      title: 'Internal server error',
      status: 500,
      detail:
        'The server could not complete the request. Quote the correlation id when reporting this.',
      instance: '/invoices',
      code: 'INTERNAL_SERVER_ERROR',
      correlationId: 'corr-4',
    });
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|hunter2|at /);
    expect(toProblemJson('a thrown string').status).toBe(500);
  });

  it('takes the correlation id from the current context by default', () => {
    const context = { requestId: 'req-5', correlationId: 'corr-5' };
    const problem = runWithContext(context, () => toProblemJson(new NotFoundError()));
    expect(problem.correlationId).toBe('corr-5');
    expect(toProblemJson(new NotFoundError()).correlationId).toBeUndefined();
  });
});

describe('fromZodError', () => {
  it('keys the fields by dotted path, first problem per field', () => {
    const schema = z.object({
      clientId: z.uuid(),
      lines: z.array(z.object({ amount: z.string().regex(/^\d+\.\d{2}$/, 'must be like 12.34') })),
    });
    const parsed = schema.safeParse({ clientId: 'nope', lines: [{ amount: '1' }, { amount: 2 }] });
    if (parsed.success) throw new Error('expected a failure');

    const error = fromZodError(parsed.error);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.httpStatus).toBe(400);
    expect(Object.keys(error.fields)).toEqual(['clientId', 'lines.0.amount', 'lines.1.amount']);
    expect(error.fields['lines.0.amount']).toBe('must be like 12.34');
  });

  it('keys a problem with the whole input as "input"', () => {
    const parsed = z.object({}).safeParse('not an object');
    if (parsed.success) throw new Error('expected a failure');
    expect(Object.keys(fromZodError(parsed.error).fields)).toEqual(['input']);
  });
});
