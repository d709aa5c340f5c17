import { randomUUID } from 'node:crypto';
import type { CreditFact, FactKind } from '../../src/domain/facts';

/** Hand-made facts for one client, in the order they are added (each a moment after the last). */
export function factBook(clientId = randomUUID()) {
  const facts: CreditFact[] = [];
  let tick = 0;
  const add = (kind: FactKind, fields: Partial<CreditFact> & { businessDate: string }) => {
    tick += 1;
    const at = new Date(Date.UTC(2020, 0, 1) + tick * 1000).toISOString();
    const fact: CreditFact = {
      eventId: randomUUID(),
      seq: 0,
      clientId,
      kind,
      matterId: null,
      ref: null,
      amountMinor: 0n,
      currency: null,
      dueDate: null,
      days: null,
      occurredAt: at,
      recordedAt: at,
      ...fields,
    };
    facts.push(fact);
    return fact;
  };
  const matterId = randomUUID();
  return {
    clientId,
    matterId,
    facts,
    add,
    opened(date: string, currency = 'USD') {
      add('CLIENT_OPENED', { businessDate: date, currency });
    },
    /** An invoice of `totalMinor` and its payment in full, `late` days after its due date. */
    invoicePaid(options: {
      totalMinor: bigint;
      invoiceDate: string;
      dueDate: string;
      paidOn: string;
      currency?: string;
    }): string {
      const invoiceId = randomUUID();
      const currency = options.currency ?? 'USD';
      const common = { matterId, ref: invoiceId, currency };
      add('INVOICE_ISSUED', {
        ...common,
        businessDate: options.invoiceDate,
        dueDate: options.dueDate,
        amountMinor: options.totalMinor,
      });
      add('PAYMENT_APPLIED', {
        ...common,
        businessDate: options.paidOn,
        amountMinor: options.totalMinor,
      });
      add('INVOICE_PAID', { ...common, businessDate: options.paidOn, dueDate: options.dueDate });
      return invoiceId;
    },
    invoiceOpen(totalMinor: bigint, invoiceDate: string, dueDate: string, currency = 'USD') {
      const invoiceId = randomUUID();
      add('INVOICE_ISSUED', {
        matterId,
        ref: invoiceId,
        currency,
        businessDate: invoiceDate,
        dueDate,
        amountMinor: totalMinor,
      });
      return invoiceId;
    },
  };
}
