import { invoiceText, type InvoiceTextInput } from '../../src/domain/invoice-text';

const input: InvoiceTextInput = {
  invoiceNumber: '000042',
  invoiceDate: '2026-04-01',
  dueDate: '2026-05-01',
  paymentTermsDays: 30,
  periodStart: '2026-03-01',
  periodEnd: '2026-03-31',
  clientName: 'Harbour & Finch LLP',
  billingContactName: null,
  matterNumber: 'M-1',
  matterDescription: 'Lease dispute',
  currency: 'USD',
  lines: [],
  total: '1000.00',
  paid: '400.00',
  credited: '0.00',
  writtenOff: '100.00',
  open: '500.00',
  trustBalance: null,
  remittanceDetails: 'ACH to 000123',
};

describe('invoice document text', () => {
  it('shows only the settlements that happened, then the amount due', () => {
    expect(invoiceText(input).totals).toEqual([
      ['Total (USD)', '1000.00'],
      ['Payments received', '-400.00'],
      ['Written off', '-100.00'],
      ['Amount due', '500.00'],
    ]);
    expect(invoiceText(input).header).not.toContain(expect.stringMatching(/^Attention/));
  });

  it('adds the trust balance line when the caller knows the balance', () => {
    expect(invoiceText({ ...input, trustBalance: '2500.00' }).totals.at(-1)).toEqual([
      'Funds held in trust for you',
      '2500.00',
    ]);
  });
});
