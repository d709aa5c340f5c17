import { createLogger, runWithContext } from '../src';
import { captureLog } from './log-capture';

describe('createLogger', () => {
  it('names the service on every line', () => {
    const log = captureLog();
    createLogger({ service: 'billing', destination: log }).info('invoice issued');
    expect(log.entries()[0]).toMatchObject({ service: 'billing', msg: 'invoice issued' });
  });

  it('adds the request, correlation and firm ids inside a request context', () => {
    const log = captureLog();
    const logger = createLogger({ service: 'trust-accounting', destination: log });
    runWithContext({ requestId: 'req-1', correlationId: 'corr-1', firmId: 'firm-1' }, () =>
      logger.info('deposit recorded'),
    );
    logger.info('outside any request');

    const [inside, outside] = log.entries();
    expect(inside).toMatchObject({ requestId: 'req-1', correlationId: 'corr-1', firmId: 'firm-1' });
    expect(outside).not.toHaveProperty('requestId');
    expect(outside).not.toHaveProperty('firmId');
  });

  it('censors secrets and personal data wherever they appear, a few levels deep', () => {
    const log = captureLog();
    const logger = createLogger({ service: 'billing', destination: log });
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-token',
            cookie: 'sid=abc123',
          },
        },
        password: 'correct-horse-battery',
        user: {
          email: 'ada@lovelace.example',
          phone: '+44 20 7946 0000',
          displayName: 'Ada Lovelace',
        },
        client: { profile: { billingEmail: 'accounts@acme.example', payee: 'Acme Widgets Ltd' } },
        payment: { bank: { details: { accountNumber: 'GB33BUKB20201555555555' } } },
        webhook: { secret: 'whsec_topsecret' },
        apiKey: 'key-123456',
        invoiceId: 'inv-1',
      },
      'something happened',
    );
    const text = log.text();
    for (const secret of [
      'secret-token',
      'sid=abc123',
      'correct-horse-battery',
      'ada@lovelace.example',
      '+44 20 7946 0000',
      'Ada Lovelace',
      'accounts@acme.example',
      'Acme Widgets Ltd',
      'GB33BUKB20201555555555',
      'whsec_topsecret',
      'key-123456',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(log.entries()[0]).toMatchObject({
      req: { headers: { authorization: '[REDACTED]' } },
      user: { displayName: '[REDACTED]' },
      invoiceId: 'inv-1',
    });
  });

  it('honours the level', () => {
    const log = captureLog();
    const logger = createLogger({ service: 'billing', level: 'warn', destination: log });
    logger.info('chatty');
    logger.warn('worth reading');
    expect(log.entries().map((entry) => entry.msg)).toEqual(['worth reading']);
  });
});

it('never logs a password that an error message carries in a connection URL', () => {
  const log = captureLog();
  const logger = createLogger({ service: 'trust-accounting', destination: log });
  logger.error(
    { err: new Error('connect to postgres://app:hunter2@db:5432/trust failed') },
    'query failed',
  );
  expect(log.text()).not.toContain('hunter2');
  expect(log.text()).toContain('postgres://app:***@db:5432/trust');
});
