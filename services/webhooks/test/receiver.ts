import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The status the next requests get, in turn; the last one repeats. */
  answerWith(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A practice-management system's webhook endpoint: a real HTTP server on 127.0.0.1. */
export async function startReceiver(path = '/hooks/lexfin'): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let statuses = [200];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status >= 300 ? `nope ${status} `.repeat(400) : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    answerWith(...next) {
      statuses = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
