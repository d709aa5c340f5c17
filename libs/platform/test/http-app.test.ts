import http from 'node:http';
import { Readable } from 'node:stream';
import {
  ConflictError,
  DomainRuleError,
  ForbiddenError,
  NotFoundError,
  createAuthenticator,
  createHttpApp,
  createLogger,
  requireRole,
  signDevToken,
  type HttpApp,
  type HttpAppOptions,
} from '../src';
import { captureLog, type CapturedLog } from './log-capture';

const SECRET = 'test-secret-test-secret-test-secret';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Running {
  app: HttpApp;
  log: CapturedLog;
  url: string;
}

const running: HttpApp[] = [];

async function start(
  options: Partial<HttpAppOptions> = {},
  routes: (app: HttpApp) => void = () => undefined,
): Promise<Running> {
  const log = captureLog();
  const app = createHttpApp({
    service: 'billing',
    logger: createLogger({ service: 'billing', level: 'debug', destination: log }),
    readiness: {},
    ...options,
  });
  routes(app);
  running.push(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, log, url };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

describe('health', () => {
  it('answers /healthz with ok', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when every dependency answers', async () => {
    const { url } = await start({ readiness: { db: async () => {}, redis: async () => {} } });
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { db: 'ok', redis: 'ok' } });
  });

  it('answers /readyz 503 naming the dependencies that fail or hang', async () => {
    const { url, log } = await start({
      readiness: {
        db: async () => {},
        kafka: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:9092\n    at stack frames');
        },
        redis: () => new Promise<void>(() => {}),
      },
    });
    const started = Date.now();
    const response = await fetch(`${url}/readyz`);
    const elapsed = Date.now() - started;

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      checks: {
        db: 'ok',
        kafka: 'unreachable: connect ECONNREFUSED 127.0.0.1:9092',
        redis: 'unreachable: no answer within 2000 ms',
      },
    });
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(4_000);
    expect(log.entries().find((entry) => entry.msg === 'not ready')).toMatchObject({
      level: 40,
      checks: { redis: 'unreachable: no answer within 2000 ms' },
    });
  });

  it('answers /readyz 503 once shutting down', async () => {
    const { app, url } = await start({ readiness: { db: async () => {} } });
    app.markShuttingDown();
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'shutting down' });
  });
});

describe('metrics', () => {
  it('serves lexfin_ default metrics, the request histogram and service metrics', async () => {
    const { app, url } = await start({}, (app) => {
      const issued = app.metrics.counter({
        name: 'invoices_issued_total',
        help: 'Invoices issued',
      });
      app.post('/invoices', { config: { public: true } }, async () => {
        issued.inc();
        return { id: 'inv-1' };
      });
    });
    await fetch(`${url}/healthz`);
    await fetch(`${url}/invoices`, { method: 'POST' });

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^lexfin_process_cpu_user_seconds_total\{service="billing"\} /m);
    expect(text).toMatch(/^lexfin_nodejs_eventloop_lag_seconds\{service="billing"\} /m);
    expect(text).toContain(
      'lexfin_http_request_duration_seconds_count{service="billing",method="GET",route="/healthz",status_code="200"} 1',
    );
    expect(text).toContain(
      'lexfin_http_request_duration_seconds_count{service="billing",method="POST",route="/invoices",status_code="200"} 1',
    );
    expect(text).toContain('lexfin_invoices_issued_total{service="billing"} 1');
    expect(app.metrics.registry.getSingleMetric('lexfin_invoices_issued_total')).toBeDefined();
  });

  it('labels unmatched routes without their path, so bots cannot explode the series', async () => {
    const { url } = await start();
    await fetch(`${url}/wp-admin/setup.php`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain('wp-admin');
  });
});

describe('request ids', () => {
  it('generates request and correlation ids and echoes them', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    expect(response.headers.get('x-correlation-id')).toBe(requestId);
  });

  it('keeps the ids the caller sent', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`, {
      headers: { 'x-request-id': 'gw-req-1', 'x-correlation-id': 'saga-77' },
    });
    expect(response.headers.get('x-request-id')).toBe('gw-req-1');
    expect(response.headers.get('x-correlation-id')).toBe('saga-77');
  });

  it('replaces ids that are not plain tokens', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`, {
      headers: { 'x-request-id': '"},"level":60', 'x-correlation-id': 'x'.repeat(500) },
    });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
    expect(response.headers.get('x-correlation-id')).toMatch(UUID);
  });
});

describe('problem+json errors', () => {
  async function startWithFailingRoutes(options: Partial<HttpAppOptions> = {}) {
    return start(options, (app) => {
      app.get('/forbidden', { config: { public: true } }, async () => {
        throw new ForbiddenError('Partners only');
      });
      app.get('/invoices/:id', { config: { public: true } }, async () => {
        throw new NotFoundError('Invoice not found');
      });
      app.get('/conflict', { config: { public: true } }, async () => {
        throw new ConflictError('The idempotency key was used with another input');
      });
      app.get('/disburse', { config: { public: true } }, async () => {
        throw new DomainRuleError('INSUFFICIENT_TRUST_FUNDS', 'Not enough in trust', {
          available: '10.00',
        });
      });
      app.get('/bug', { config: { public: true } }, async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'clientSecret')");
      });
      app.post(
        '/payments',
        {
          config: { public: true },
          schema: {
            body: {
              type: 'object',
              required: ['amount', 'currency'],
              properties: {
                amount: { type: 'string' },
                currency: { type: 'string' },
                payer: { type: 'object', properties: { iban: { type: 'string' } } },
              },
            },
          },
        },
        async () => ({ ok: true }),
      );
    });
  }

  async function problem(response: Response) {
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.correlationId).toBe(response.headers.get('x-correlation-id'));
    return body;
  }

  it.each([
    ['/forbidden', 403, 'FORBIDDEN', 'Partners only'],
    ['/invoices/42', 404, 'NOT_FOUND', 'Invoice not found'],
    ['/conflict', 409, 'CONFLICT', 'The idempotency key was used with another input'],
    ['/disburse', 422, 'INSUFFICIENT_TRUST_FUNDS', 'Not enough in trust'],
  ])('answers GET %s with %i %s', async (path, status, code, detail) => {
    const { url } = await startWithFailingRoutes();
    const response = await fetch(`${url}${path}?note=x`);
    expect(response.status).toBe(status);
    expect(await problem(response)).toMatchObject({ status, code, detail, instance: path });
  });

  it('answers an unexpected error with a generic 500 and logs the details for us', async () => {
    const { url, log } = await startWithFailingRoutes();
    const response = await fetch(`${url}/bug`);
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(body).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(body)).not.toContain('clientSecret');

    const failure = log.entries().find((entry) => entry.msg === 'request failed');
    expect(failure).toMatchObject({ level: 50, correlationId: body.correlationId });
    expect(JSON.stringify(failure)).toContain('clientSecret');
  });

  it('answers schema validation failures with BAD_USER_INPUT and the fields', async () => {
    const { url } = await startWithFailingRoutes();
    const missing = await fetch(`${url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'EUR' }),
    });
    expect(missing.status).toBe(400);
    expect(await problem(missing)).toMatchObject({
      code: 'BAD_USER_INPUT',
      detail: 'The request body is invalid',
      fields: { amount: 'is required' },
    });

    const wrongType = await fetch(`${url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '1.00', currency: 'EUR', payer: { iban: { country: 'GB' } } }),
    });
    expect(await problem(wrongType)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'payer.iban': 'must be string' },
    });
  });

  it('answers an unparsable body with BAD_USER_INPUT', async () => {
    const { url } = await startWithFailingRoutes();
    const response = await fetch(`${url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"amount":',
    });
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { body: expect.any(String) },
    });
  });

  it('answers a body over the limit with 413', async () => {
    const { url } = await startWithFailingRoutes({ bodyLimitBytes: 64 });
    const response = await fetch(`${url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '1.00', currency: 'EUR', memo: 'x'.repeat(200) }),
    });
    expect(response.status).toBe(413);
    expect(await problem(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const { url } = await startWithFailingRoutes();
    const response = await fetch(`${url}/nowhere?email=a@b.example`);
    expect(response.status).toBe(404);
    expect(await problem(response)).toMatchObject({
      type: 'https://lexfin.dev/problems/not-found',
      code: 'NOT_FOUND',
      detail: 'No route for GET /nowhere',
      instance: '/nowhere',
    });
  });
});

describe('authentication', () => {
  const authenticator = createAuthenticator({ jwtSecret: SECRET });

  async function startWithAuth() {
    return start({ authenticator }, (app) => {
      app.get('/me', async (request) => {
        const identity = request.identity!;
        requireRole(identity, 'billing_clerk', 'firm_admin');
        return { userId: identity.userId, firmId: identity.firmId };
      });
      app.get('/status', { config: { public: true } }, async (request) => ({
        identity: request.identity,
      }));
    });
  }

  it('fills request.identity from a valid token', async () => {
    const { url } = await startWithAuth();
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['billing_clerk'],
    });
    const response = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      userId: 'user-1',
      firmId: '11111111-1111-4111-8111-111111111111',
    });
  });

  it('answers 401 problem+json without a token', async () => {
    const { url } = await startWithAuth();
    const response = await fetch(`${url}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'Missing Authorization header: send "Authorization: Bearer <token>"',
    });
  });

  it('answers 403 when the role does not allow the operation', async () => {
    const { url } = await startWithAuth();
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-2',
      firmId: '11111111-1111-4111-8111-111111111111',
      roles: ['partner'],
    });
    const response = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 'FORBIDDEN',
      detail: 'This operation requires one of the roles: billing_clerk, firm_admin',
    });
  });

  it('leaves public routes, health, readiness, metrics and unknown routes open', async () => {
    const { url } = await startWithAuth();
    expect((await fetch(`${url}/status`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });
});

describe('request context in logs', () => {
  it('tags handler and completion lines with the ids, never logging the body or token', async () => {
    const authenticator = createAuthenticator({ jwtSecret: SECRET });
    const { url, log } = await start({ authenticator }, (app) => {
      app.post('/clients', async (request) => {
        // Awaiting I/O first: the context must survive body parsing and timers.
        await new Promise((resolve) => setTimeout(resolve, 5));
        request.log.info('client registered');
        return { registered: true };
      });
    });
    const token = await signDevToken({
      secret: SECRET,
      userId: 'user-9',
      firmId: '99999999-9999-4999-8999-999999999999',
      roles: ['billing_clerk'],
    });
    const response = await fetch(`${url}/clients`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-correlation-id': 'corr-9',
      },
      body: JSON.stringify({
        displayName: 'Grace Hopper',
        billingEmail: 'grace@navy.example',
        password: 'cobol-rules',
      }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');

    const ids = {
      requestId,
      correlationId: 'corr-9',
      firmId: '99999999-9999-4999-8999-999999999999',
      service: 'billing',
    };
    const entries = log.entries();
    expect(entries.find((entry) => entry.msg === 'client registered')).toMatchObject(ids);
    expect(entries.find((entry) => entry.msg === 'request completed')).toMatchObject({
      ...ids,
      method: 'POST',
      route: '/clients',
      statusCode: 200,
    });
    const text = log.text();
    for (const leak of [token, 'Grace Hopper', 'grace@navy.example', 'cobol-rules']) {
      expect(text).not.toContain(leak);
    }
  });

  it('keeps the context when the body arrives after the headers', async () => {
    const { url, log } = await start({}, (app) => {
      app.post('/imports', { config: { public: true } }, async (request) => {
        request.log.info('import received');
        return { received: true };
      });
    });
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${url}/imports`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-correlation-id': 'slow-1' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.flushHeaders();
      setTimeout(() => request.end(JSON.stringify({ rows: 3 })), 50);
    });
    expect(status).toBe(200);
    expect(log.entries().find((entry) => entry.msg === 'import received')).toMatchObject({
      correlationId: 'slow-1',
    });
  });

  it('tags the completion line of a response that leaves in many writes', async () => {
    const { url, log } = await start({}, (app) => {
      app.get('/exports/ledger.csv', { config: { public: true } }, async (_request, reply) =>
        reply.type('text/csv').send(Readable.from(ledgerRows(40_000))),
      );
    });
    const response = await fetch(`${url}/exports/ledger.csv`, {
      headers: { 'x-correlation-id': 'export-1' },
    });
    expect((await response.text()).length).toBeGreaterThan(1_000_000);
    expect(log.entries().find((entry) => entry.msg === 'request completed')).toMatchObject({
      correlationId: 'export-1',
      route: '/exports/ledger.csv',
    });
  });

  it('writes no completion line for successful probes', async () => {
    const { url, log } = await start();
    await fetch(`${url}/healthz`);
    expect(log.entries().filter((entry) => entry.msg === 'request completed')).toEqual([]);
  });
});

function* ledgerRows(count: number): Generator<string> {
  for (let row = 0; row < count; row += 1) {
    yield `${row},2025-01-31,deposit,client-${row % 97},${(row * 13.37).toFixed(2)},EUR\n`;
  }
}
