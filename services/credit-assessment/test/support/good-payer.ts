import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@lexfin/contracts';
import { clientStream } from './events';

/** A client of 2026 who paid three invoices on their due dates: graded, not a thin file. */
export function goodPayer(firmId: string) {
  const stream = clientStream(firmId);
  const events: EventEnvelope<unknown>[] = [stream.clientCreated()];
  for (const [invoiceDate, dueDate] of [
    ['2026-02-01', '2026-03-03'],
    ['2026-03-01', '2026-03-31'],
    ['2026-04-01', '2026-05-01'],
  ] as const) {
    const invoiceId = randomUUID();
    events.push(
      stream.invoiceIssued({ invoiceId, total: '1000.00', invoiceDate, dueDate }),
      stream.payment(invoiceId, '1000.00', dueDate),
      stream.invoicePaid(invoiceId, '1000.00', { invoiceDate, dueDate, paidOn: dueDate }),
    );
  }
  return { stream, events };
}
