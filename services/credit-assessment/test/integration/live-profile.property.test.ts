import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { EventEnvelope } from '@lexfin/contracts';
import { factMappers } from '../../src/consumers/event-facts';
import { creditFeatures } from '../../src/domain/features';
import { startCreditHarness, type CreditHarness } from '../harness';
import { clientStream } from '../support/events';

let harness: CreditHarness;

beforeAll(async () => {
  harness = await startCreditHarness();
});

afterAll(() => harness.close());

const step = fc.oneof(
  fc.record({ kind: fc.constant('time' as const), cents: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ kind: fc.constant('invoice' as const), day: fc.integer({ min: 1, max: 28 }) }),
  fc.record({
    kind: fc.constant('pay' as const),
    pick: fc.nat(),
    percent: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constant('deposit' as const), cents: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), percent: fc.integer({ min: 1, max: 100 }) }),
);

const amount = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/**
 * One client's history as billing and trust would publish it, and its exposure worked out by the
 * test on its own: unbilled time + (invoice totals - payments) - (deposits - refunds).
 */
function play(firmId: string, steps: Step[]) {
  const stream = clientStream(firmId);
  const events: EventEnvelope<unknown>[] = [stream.clientCreated()];
  const unbilled = new Map<string, bigint>();
  const invoices: { id: string; total: bigint; paid: bigint; date: string }[] = [];
  let trust = 0n;
  for (const [index, s] of steps.entries()) {
    const date = `2026-0${1 + (index % 5)}-${String(1 + (index % 27)).padStart(2, '0')}`;
    if (s.kind === 'time') {
      const id = randomUUID();
      unbilled.set(id, BigInt(s.cents));
      events.push(stream.timeEntry(amount(BigInt(s.cents)), date, id));
    } else if (s.kind === 'invoice' && unbilled.size > 0) {
      const total = [...unbilled.values()].reduce((sum, cents) => sum + cents, 0n);
      const id = randomUUID();
      const invoiceDate = `2026-05-${String(s.day).padStart(2, '0')}`;
      events.push(
        stream.invoiceIssued({
          invoiceId: id,
          total: amount(total),
          invoiceDate,
          dueDate: '2026-06-15',
          timeEntryIds: [...unbilled.keys()],
        }),
      );
      unbilled.clear();
      invoices.push({ id, total, paid: 0n, date: invoiceDate });
    } else if (s.kind === 'pay' && invoices.length > 0) {
      const invoice = invoices[s.pick % invoices.length]!;
      const open = invoice.total - invoice.paid;
      const paid = (open * BigInt(s.percent)) / 100n;
      if (paid === 0n) continue;
      invoice.paid += paid;
      events.push(stream.payment(invoice.id, amount(paid), '2026-06-20'));
      if (invoice.paid === invoice.total) {
        events.push(
          stream.invoicePaid(invoice.id, amount(invoice.total), {
            invoiceDate: invoice.date,
            dueDate: '2026-06-15',
            paidOn: '2026-06-20',
          }),
        );
      }
    } else if (s.kind === 'deposit') {
      trust += BigInt(s.cents);
      events.push(stream.deposit(amount(BigInt(s.cents)), date));
    } else if (s.kind === 'refund' && trust > 0n) {
      const refund = (trust * BigInt(s.percent)) / 100n;
      if (refund === 0n) continue;
      trust -= refund;
      events.push(stream.refund(amount(refund), date));
    }
  }
  const open = invoices.reduce((sum, invoice) => sum + invoice.total - invoice.paid, 0n);
  const work = [...unbilled.values()].reduce((sum, cents) => sum + cents, 0n);
  return { clientId: stream.clientId, events, exposureMinor: work + open - trust };
}

it('gives a live profile equal to the fold from scratch, whatever the delivery order and duplicates', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(step, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 2 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
      async (clients, duplicates, shuffle) => {
        const firmId = randomUUID();
        const played = clients.map((steps) => play(firmId, steps));
        const all = played.flatMap((client) => client.events);
        const delivered = [...all, ...duplicates.map((pick) => all[pick % all.length]!)];
        // any order: billing's and trust's events interleaved, redeliveries anywhere
        const keys = new Map(delivered.map((event, i) => [i, shuffle.next().value]));
        const order = delivered.map((_, i) => i).sort((a, b) => keys.get(a)! - keys.get(b)!);
        await harness.deliver(order.map((i) => delivered[i]!));

        for (const client of played) {
          const facts = client.events.flatMap((event) =>
            (factMappers[event.type]?.(event) ?? []).map((fact) => ({ ...fact, recordedAt: '' })),
          );
          const fromScratch = creditFeatures(facts, '2026-06-30');
          const live = await harness.storedFeatures(firmId, client.clientId);
          expect(live).toEqual(fromScratch);
          const usd = live!.currencies.find((position) => position.currency === 'USD');
          expect(usd?.exposureMinor ?? 0n).toBe(client.exposureMinor);
        }
      },
    ),
    { numRuns: 25 },
  );
});
