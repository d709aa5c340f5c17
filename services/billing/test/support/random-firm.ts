import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Money } from '@lexfin/money';
import { AppError } from '@lexfin/platform';
import type { Caller } from '@lexfin/service-kit';
import { createClient } from '../../src/app/clients';
import type { BillingDeps } from '../../src/app/deps';
import { generateDraftInvoice, issueInvoice } from '../../src/app/invoices';
import { openMatter } from '../../src/app/matters';
import { addPracticeArea } from '../../src/app/practice-areas';
import { applyClientCredit, reversePayment } from '../../src/app/payments';
import { createCreditNote, writeOffInvoice } from '../../src/app/settlements';
import { createTimekeeper, setTimekeeperRate } from '../../src/app/timekeepers';

// What the property tests over random sequences of a firm's work share: the firm, counting which
// steps succeeded, and the steps that settle invoices.

export const usd = (minor: bigint) => Money.of(minor, 'USD').toJSON();

/** Hours in tenths as the input spells them. */
export const hoursOf = (tenths: number) => `${Math.trunc(tenths / 10)}.${tenths % 10}`;

/** How often each kind of step succeeded over all runs: a property must exercise every one. */
export function stepCounter() {
  const succeeded = new Map<string, number>();
  return {
    succeeded,
    count(kind: string) {
      succeeded.set(kind, (succeeded.get(kind) ?? 0) + 1);
    },
    /** Business refusals are expected moves in a random sequence; anything else fails. */
    async attempt(kind: string, work: () => Promise<unknown>): Promise<void> {
      try {
        await work();
        this.count(kind);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
      }
    },
    /** Every kind succeeded at least once (named in the failure when one did not). */
    expectEach(kinds: readonly string[]) {
      for (const kind of kinds) {
        expect(`${kind}: ${succeeded.get(kind) ?? 0}`).not.toBe(`${kind}: 0`);
      }
    },
  };
}

export type StepCounter = ReturnType<typeof stepCounter>;

/** A firm with a timekeeper at 333.33/h and clients A and B, one hourly matter each. */
export async function setUpFirm(
  deps: BillingDeps,
  matterTerms: readonly [Record<string, unknown>, Record<string, unknown>] = [{}, {}],
) {
  const caller: Caller = {
    kind: 'user',
    firmId: randomUUID(),
    userId: 'partner',
    roles: ['firm_admin'],
    correlationId: randomUUID(),
  };
  const keeper = await createTimekeeper(deps, caller, { name: 'Ada', classification: 'PARTNR' });
  await setTimekeeperRate(deps, caller, {
    timekeeperId: keeper.id,
    effectiveFrom: '2026-01-01',
    rate: usd(33333n),
  });
  const area = await addPracticeArea(deps, caller, { name: 'Litigation' });
  const clients = [];
  for (const [index, name] of ['A', 'B'].entries()) {
    const client = await createClient(deps, caller, {
      displayName: name,
      kind: 'PERSON',
      timeZone: 'UTC',
      currency: 'USD',
    });
    const matter = await openMatter(deps, caller, {
      clientId: client.id,
      matterNumber: `${name}-1`,
      description: 'Matter',
      responsiblePartnerId: keeper.id,
      practiceAreaId: area.id,
      billingArrangement: 'HOURLY',
      paymentTermsDays: 30,
      taxRatePercent: '7.25',
      ...matterTerms[index],
    });
    clients.push({ clientId: client.id, matterId: matter.id });
  }
  return { caller, timekeeperId: keeper.id, clients };
}

/** The steps that bill and settle, each picking its target by index among what exists. */
export const settlementSteps = {
  invoice: fc.record({ kind: fc.constant('invoice' as const), client: fc.nat(1) }),
  credit: fc.record({
    kind: fc.constant('credit' as const),
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
  }),
  writeOff: fc.record({
    kind: fc.constant('writeOff' as const),
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
  }),
  reverse: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  applyCredit: fc.record({ kind: fc.constant('applyCredit' as const), client: fc.nat(1) }),
};

export type SettlementStep = {
  [K in keyof typeof settlementSteps]: (typeof settlementSteps)[K] extends fc.Arbitrary<infer T>
    ? T
    : never;
}[keyof typeof settlementSteps];

export function isSettlementStep(step: { kind: string }): step is SettlementStep {
  return Object.hasOwn(settlementSteps, step.kind);
}

export interface RandomFirm {
  deps: BillingDeps;
  caller: Caller;
  clients: { clientId: string; matterId: string }[];
  payments: string[];
  counter: StepCounter;
  openInvoices(): Promise<{ id: string; open_minor: bigint }[]>;
}

/** Runs one settlement step; a step with nothing to act on does nothing. */
export async function runSettlementStep(firm: RandomFirm, step: SettlementStep): Promise<void> {
  const { deps, caller, clients, payments, counter } = firm;
  const key = randomUUID();
  if (step.kind === 'invoice') {
    await counter.attempt(step.kind, async () => {
      const draft = await generateDraftInvoice(deps, caller, {
        matterId: clients[step.client]!.matterId,
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
      });
      await issueInvoice(deps, caller, { invoiceId: draft.id, idempotencyKey: key });
    });
  } else if (step.kind === 'credit' || step.kind === 'writeOff') {
    const candidates = await firm.openInvoices();
    const invoice = candidates[step.pick % Math.max(1, candidates.length)];
    if (!invoice) return;
    const amount = usd((invoice.open_minor * BigInt(step.share)) / 100n || 1n);
    const input = { invoiceId: invoice.id, amount, reason: 'Random', idempotencyKey: key };
    await counter.attempt(step.kind, () =>
      step.kind === 'credit'
        ? createCreditNote(deps, caller, input)
        : writeOffInvoice(deps, caller, input),
    );
  } else if (step.kind === 'reverse') {
    const paymentId = payments[step.pick % Math.max(1, payments.length)];
    if (!paymentId) return;
    await counter.attempt(step.kind, () =>
      reversePayment(deps, caller, { paymentId, reason: 'Chargeback', idempotencyKey: key }),
    );
  } else {
    await counter.attempt(step.kind, () =>
      applyClientCredit(deps, caller, {
        clientId: clients[step.client]!.clientId,
        currency: 'USD',
        idempotencyKey: key,
      }),
    );
  }
}
