import {
  allocateExplicitly,
  allocateOldestFirst,
  type OpenInvoice,
} from '../../src/domain/allocation';

const invoices: OpenInvoice[] = [
  { id: 'late', dueDate: '2026-05-01', invoiceNumber: '10', openMinor: 500n },
  { id: 'oldest', dueDate: '2026-03-01', invoiceNumber: '9', openMinor: 300n },
  { id: 'same-day-2', dueDate: '2026-04-01', invoiceNumber: '12', openMinor: 200n },
  { id: 'same-day-1', dueDate: '2026-04-01', invoiceNumber: '11', openMinor: 200n },
];

describe('allocation oldest due date first', () => {
  it('settles the oldest invoices first and part of the next', () => {
    expect(allocateOldestFirst(650n, invoices)).toEqual({
      allocations: [
        { invoiceId: 'oldest', amountMinor: 300n },
        { invoiceId: 'same-day-1', amountMinor: 200n },
        { invoiceId: 'same-day-2', amountMinor: 150n },
      ],
      unappliedMinor: 0n,
    });
  });

  it('keeps an overpayment unapplied', () => {
    const result = allocateOldestFirst(1500n, invoices);
    expect(result.allocations).toHaveLength(4);
    expect(result.unappliedMinor).toBe(300n);
  });

  it('keeps everything unapplied when nothing is open', () => {
    expect(allocateOldestFirst(100n, [])).toEqual({ allocations: [], unappliedMinor: 100n });
  });
});

describe('explicit allocation', () => {
  const open = new Map(invoices.map((invoice) => [invoice.id, invoice]));

  it('applies as asked and leaves the rest unapplied', () => {
    expect(allocateExplicitly(600n, [{ invoiceId: 'late', amountMinor: 500n }], open)).toEqual({
      allocations: [{ invoiceId: 'late', amountMinor: 500n }],
      unappliedMinor: 100n,
    });
  });

  it.each([
    [[{ invoiceId: 'late', amountMinor: 501n }], 'EXCEEDS_OPEN_AMOUNT'],
    [[{ invoiceId: 'nope', amountMinor: 1n }], 'INVOICE_NOT_OPEN'],
    [
      [
        { invoiceId: 'late', amountMinor: 1n },
        { invoiceId: 'late', amountMinor: 1n },
      ],
      'INVOICE_NOT_OPEN',
    ],
    [
      [
        { invoiceId: 'late', amountMinor: 400n },
        { invoiceId: 'oldest', amountMinor: 300n },
      ],
      'EXCEEDS_PAYMENT',
    ],
  ])('refuses %j with %s', (requested, code) => {
    expect(() => allocateExplicitly(600n, requested, open)).toThrow(
      expect.objectContaining({ code }),
    );
  });
});
