import { mintToken, type GraphQLError, type GraphQLResponse } from '@lexfin/testing';
import type { Role } from '@lexfin/platform';
import { sleep } from './ports';

/**
 * Errors of the infrastructure (a service down, a timeout, an internal error): worth the same
 * request again. Any other code is the platform's answer: the request was understood and refused.
 */
const TRANSIENT = /INTERNAL|UNAVAILABLE|DOWNSTREAM|SUBREQUEST|TIMEOUT|TIMED_OUT|UNREACHABLE/;

/** A request the platform acknowledged: its answer, and what the checks need to find it again. */
export interface Acknowledged {
  firmId: string;
  operation: string;
  idempotencyKey: string | undefined;
  query: string;
  variables: Record<string, unknown>;
  /** The id the answer named (the payment, the deposit...). */
  id: string | undefined;
}

export interface RequestLedger {
  acknowledged: Acknowledged[];
  /** Every key sent, acknowledged or not. */
  keysSent: Set<string>;
  counts: { requests: number; retries: number; refused: number; gaveUp: number };
  /** Why requests were refused or retried, by operation and reason, with how often. */
  refusals: Map<string, number>;
  retryReasons: Map<string, number>;
}

export function newRequestLedger(): RequestLedger {
  return {
    acknowledged: [],
    keysSent: new Set(),
    counts: { requests: 0, retries: 0, refused: 0, gaveUp: 0 },
    refusals: new Map(),
    retryReasons: new Map(),
  };
}

export type Outcome<T> =
  | { kind: 'acknowledged'; data: T }
  | { kind: 'refused'; error: GraphQLError }
  | { kind: 'gave-up'; reason: string };

/** An answer's data: each caller reads the fields its query asked for. */
// A static type per query would only repeat the query.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = Record<string, any>;

/** A browser app's patience with one request before it tries again. */
const requestTimeoutMs = 15_000;

const staffRoles: Role[] = ['firm_admin', 'billing_clerk', 'trust_accountant', 'partner', 'ops'];

/**
 * A firm's front-end: one token, the gateway, and what a browser app does when the network or
 * a server fails: the same request again, with the same idempotency key, until an answer comes
 * or it gives up (timeouts and 5xx are retried; a refusal is final).
 */
export class FrontEnd {
  private constructor(
    readonly firmId: string,
    private readonly url: string,
    private readonly token: string,
    private readonly ledger: RequestLedger,
    private readonly giveUpAfterMs: number,
  ) {}

  static async forFirm(
    gatewayUrl: string,
    firmId: string,
    ledger: RequestLedger,
    giveUpAfterMs: number,
  ): Promise<FrontEnd> {
    const token = await mintToken({ firmId, roles: staffRoles, expiresIn: '6h' });
    return new FrontEnd(firmId, `${gatewayUrl}/graphql`, token, ledger, giveUpAfterMs);
  }

  /**
   * Sends until acknowledged, refused or given up; an acknowledged request is recorded with the
   * id `idOf` reads from its answer.
   */
  async send<T = Answer>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    idOf: (data: T) => string | undefined = () => undefined,
  ): Promise<Outcome<T>> {
    const idempotencyKey = variables.idempotencyKey as string | undefined;
    if (idempotencyKey) this.ledger.keysSent.add(idempotencyKey);
    const deadline = Date.now() + this.giveUpAfterMs;
    let wait = 200;
    let reason: string;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.ledger.counts.retries++;
      this.ledger.counts.requests++;
      const outcome = await this.once<T>(query, variables);
      if (outcome.kind === 'acknowledged') {
        this.ledger.acknowledged.push({
          firmId: this.firmId,
          operation,
          idempotencyKey,
          query,
          variables,
          id: idOf(outcome.data),
        });
        return outcome;
      }
      if (outcome.kind === 'refused') {
        this.ledger.counts.refused++;
        const code = `${operation}: ${outcome.error.extensions?.code} ${outcome.error.message.slice(0, 100)}`;
        this.ledger.refusals.set(code, (this.ledger.refusals.get(code) ?? 0) + 1);
        return outcome;
      }
      reason = outcome.reason;
      const why = `${operation}: ${reason.slice(0, 100)}`;
      this.ledger.retryReasons.set(why, (this.ledger.retryReasons.get(why) ?? 0) + 1);
      if (Date.now() + wait > deadline) break;
      await sleep(wait);
      wait = Math.min(wait * 2, 2_000);
    }
    this.ledger.counts.gaveUp++;
    return { kind: 'gave-up', reason };
  }

  /** The same request again (a check of idempotency): the same retries, nothing recorded. */
  async repeat<T = Answer>(query: string, variables: Record<string, unknown>) {
    const deadline = Date.now() + this.giveUpAfterMs;
    for (;;) {
      const outcome = await this.once<T>(query, variables);
      if (outcome.kind !== 'gave-up' || Date.now() > deadline) return outcome;
      await sleep(500);
    }
  }

  /** A read or a check: the same retries, nothing recorded. */
  async read<T = Answer>(query: string, variables: Record<string, unknown> = {}) {
    const deadline = Date.now() + this.giveUpAfterMs;
    for (;;) {
      const outcome = await this.once<T>(query, variables);
      if (outcome.kind === 'acknowledged') return outcome.data;
      if (outcome.kind === 'refused' || Date.now() > deadline) {
        throw new Error(`${query.slice(0, 60)}... failed: ${JSON.stringify(outcome)}`);
      }
      await sleep(500);
    }
  }

  private async once<T>(query: string, variables: Record<string, unknown>): Promise<Outcome<T>> {
    try {
      const answer = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const response = {
        status: answer.status,
        ...((await answer.json()) as Omit<GraphQLResponse<T>, 'status'>),
      };
      const error = response.errors?.[0];
      if (!error && response.data && response.status < 500) {
        return { kind: 'acknowledged', data: response.data };
      }
      const code = error?.extensions?.code;
      if (error && response.status < 500 && code && !TRANSIENT.test(String(code))) {
        return { kind: 'refused', error };
      }
      return { kind: 'gave-up', reason: `${response.status} ${error?.message ?? ''}` };
    } catch (error) {
      return { kind: 'gave-up', reason: (error as Error).message };
    }
  }
}
