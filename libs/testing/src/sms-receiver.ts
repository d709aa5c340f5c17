import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One text message the local SMS provider accepted. */
export interface ReceivedSms {
  /** The provider's id, as answered to the sender. */
  id: string;
  to: string;
  body: string;
  idempotencyKey: string;
}

export interface TestSmsReceiver {
  /** `http://127.0.0.1:<port>/messages` */
  url: string;
  /** The bearer token it accepts; anything else gets 401. */
  token: string;
  received(): ReceivedSms[];
  close(): Promise<void>;
}

export interface TestSmsReceiverOptions {
  /** Numbers answered with 422 `{ "error": "invalid_number" }`, as a provider does. */
  rejectNumbers?: string[];
  /** Answer every request with this status (e.g. 503) instead of accepting it. */
  failStatus?: number;
  /** Never answer (for timeouts). */
  stall?: boolean;
}

/**
 * A local SMS provider on 127.0.0.1: POST JSON `{ to, body, idempotencyKey }` with the bearer
 * token; answers 201 `{ id }`, the same id again for a repeated idempotency key.
 */
export async function startSmsReceiver(
  options: TestSmsReceiverOptions = {},
): Promise<TestSmsReceiver> {
  const token = randomBytes(24).toString('base64url');
  const rejected = new Set(options.rejectNumbers ?? []);
  const messages: ReceivedSms[] = [];
  const stalled = new Set<ServerResponse>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (options.stall) {
      stalled.add(response);
      return;
    }
    const answer = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method !== 'POST') return answer(405, { error: 'method_not_allowed' });
    if (request.headers.authorization !== `Bearer ${token}`) {
      return answer(401, { error: 'unauthorized' });
    }
    if (options.failStatus !== undefined) return answer(options.failStatus, { error: 'failure' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let payload: { to?: unknown; body?: unknown; idempotencyKey?: unknown };
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof payload;
    } catch {
      return answer(400, { error: 'invalid_json' });
    }
    const { to, body, idempotencyKey } = payload;
    if (typeof to !== 'string' || typeof body !== 'string' || typeof idempotencyKey !== 'string') {
      return answer(400, { error: 'invalid_request' });
    }
    if (rejected.has(to)) {
      return answer(422, { error: 'invalid_number', message: 'The number cannot receive SMS' });
    }
    const earlier = messages.find((message) => message.idempotencyKey === idempotencyKey);
    if (earlier) return answer(200, { id: earlier.id });
    const id = `sms_${randomUUID()}`;
    messages.push({ id, to, body, idempotencyKey });
    return answer(201, { id });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    token,
    received: () => [...messages],
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of stalled) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
