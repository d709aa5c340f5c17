import { createServer, type IncomingHttpHeaders } from 'node:http';
import { verifyWebhook } from '@lexfin/webhook-verify';
import type { Random } from './random';

/** One event as a firm's receiver accepted it: signature valid, answered 200 in time. */
export interface Receipt {
  eventId: string;
  eventType: string;
  /** The firm the event names (CloudEvent `firmid`). */
  firmId: string;
}

export interface WebhookReceiver {
  /** The URL a firm's endpoint is created with; its secret is told once known. */
  urlFor(firmId: string): string;
  secretFor(firmId: string, secret: string): void;
  /** What each firm's receiver accepted, by event id. */
  receipts(firmId: string): ReadonlyMap<string, Receipt>;
  /** Attempts answered 500, slowly, or not in time; and bodies whose signature failed. */
  readonly counts: {
    accepted: number;
    failed: number;
    slow: number;
    timedOut: number;
    badSignature: number;
  };
  close(): Promise<void>;
}

/**
 * A practice-management system's webhook receiver for every firm of the run, on 127.0.0.1: it
 * verifies each signature (libs/webhook-verify) and, drawn from the seed, answers 500, answers
 * slowly, or answers after the sender's timeout, so retries happen.
 */
export async function startWebhookReceiver(
  random: Random,
  attemptTimeoutMs: number,
): Promise<WebhookReceiver> {
  const secrets = new Map<string, string>();
  const accepted = new Map<string, Map<string, Receipt>>();
  const counts = { accepted: 0, failed: 0, slow: 0, timedOut: 0, badSignature: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const firmId = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number) => {
        if (!response.destroyed) response.writeHead(status).end(status === 200 ? 'ok' : 'no');
      };
      const secret = secrets.get(firmId);
      // The endpoint's secret arrives with the answer that created it: until then, "try later".
      if (!secret) return answer(503);
      const receipt = verified(secret, request.headers, body);
      if (!receipt) {
        counts.badSignature++;
        return answer(400);
      }
      const roll = random.next();
      if (roll < 0.15) {
        counts.failed++;
        return answer(500);
      }
      const late = roll < 0.2;
      const delayMs = late ? attemptTimeoutMs + 500 : roll < 0.3 ? attemptTimeoutMs / 4 : 0;
      if (late) counts.timedOut++;
      else if (delayMs > 0) counts.slow++;
      setTimeout(() => {
        if (!late) {
          counts.accepted++;
          let firm = accepted.get(firmId);
          if (!firm) accepted.set(firmId, (firm = new Map()));
          firm.set(receipt.eventId, receipt);
        }
        answer(200);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    urlFor: (firmId) => `http://127.0.0.1:${port}/hooks/${firmId}`,
    secretFor: (firmId, secret) => void secrets.set(firmId, secret),
    receipts: (firmId) => accepted.get(firmId) ?? new Map(),
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function verified(secret: string, headers: IncomingHttpHeaders, body: string): Receipt | undefined {
  try {
    const event = verifyWebhook({ secret, headers, body }) as {
      id: string;
      type: string;
      firmid: string;
    };
    return { eventId: event.id, eventType: event.type, firmId: event.firmid };
  } catch {
    return undefined;
  }
}
