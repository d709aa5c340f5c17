import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AttemptResult } from '../domain/attempt-outcome';
import type { VettedAddress } from './destinations';

export interface WebhookRequest {
  url: URL;
  /** The address the policy accepted: the connection goes there and nowhere else. */
  address: VettedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** How much of the answer to keep for the log; the rest is not even read. */
  maxBodyBytes: number;
}

/**
 * POSTs one webhook. The host name is kept for the Host header and TLS (SNI and certificate
 * check), but the socket connects to the vetted address, so a name re-pointed between the check
 * and the connection (DNS rebinding) cannot send it elsewhere. Redirects are not followed: a 3xx
 * is just a failed attempt.
 */
export function postWebhook(request: WebhookRequest): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const transport = request.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let status: number | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      const latencyMs = elapsed();
      resolve(
        status === undefined
          ? { kind: 'unanswered', error: error ?? 'no answer', latencyMs }
          : { kind: 'answered', status, latencyMs, body: truncate(chunks, request.maxBodyBytes) },
      );
    };
    const outgoing = transport.request(
      request.url,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(request.address),
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'Lexfin-Webhooks/1',
          ...request.headers,
        },
      },
      (response) => {
        status = response.statusCode ?? 0;
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          kept += chunk.length;
          if (kept >= request.maxBodyBytes) finish();
        });
        response.on('end', () => finish());
        response.on('error', () => finish());
      },
    );
    const timer = setTimeout(
      () => finish(`no answer within ${request.timeoutMs} ms`),
      request.timeoutMs,
    );
    outgoing.on('error', (error) => finish(error.message));
    outgoing.end(request.body);
  });
}

/** A resolver that knows one answer: the vetted address (net asks with `all` when racing families). */
function pinnedLookup(vetted: VettedAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) {
      (callback as (error: null, addresses: VettedAddress[]) => void)(null, [vetted]);
    } else {
      callback(null, vetted.address, vetted.family);
    }
  };
}

function truncate(chunks: Buffer[], maxBytes: number): string {
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}
