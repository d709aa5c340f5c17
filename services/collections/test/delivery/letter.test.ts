import { pdfText } from '@lexfin/testing';
import { createCollectionDelivery, type CollectionDelivery } from '../../src/delivery';
import { capturedLogger, reminder } from './messages';

describe('collection letters', () => {
  let delivery: CollectionDelivery;

  beforeAll(() => {
    delivery = createCollectionDelivery(
      { smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'a@lexfin.invalid', smsUrl: null, smsToken: null },
      capturedLogger().logger,
    );
  });

  afterAll(() => delivery.close());

  it('is a PDF for the firm to post, with letterhead, address, every item, totals and pay-by date', async () => {
    const outcome = await delivery.send('LETTER', reminder());

    expect(outcome).toMatchObject({ status: 'SENT', providerMessageId: null, detail: null });
    expect(outcome.letterPdf!.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(outcome.letterPdf!).join('\n');
    for (const expected of [
      'Hale & Ortiz LLP',
      'Northwind Traders',
      '500 Market Street',
      '94105 San Francisco CA',
      'INV-2026-0042',
      'Lease renewal',
      'USD 1,250.00',
      'INV-2026-0057',
      'USD 380.55',
      'INV-2026-0061',
      'EUR 2,400.00',
      'USD 1,630.55',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/December\s+16,\s+2026/);
  });

  it('encloses the fee arbitration notice on a page of its own', async () => {
    const outcome = await delivery.send(
      'LETTER',
      reminder({ templateKey: 'fee_arbitration_notice' }),
    );

    const text = pdfText(outcome.letterPdf!).join('\n');
    expect(text).toContain("Notice of Client's Right to Fee Arbitration");
    expect(text).toMatch(/6200-6206/);
  });

  it('is BOUNCED when the client has no postal address', async () => {
    const outcome = await delivery.send(
      'LETTER',
      reminder({ client: { ...reminder().client, postalAddress: null } }),
    );

    expect(outcome).toEqual({
      status: 'BOUNCED',
      providerMessageId: null,
      detail: 'no postal address',
    });
  });
});
