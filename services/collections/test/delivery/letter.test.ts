import { pdfText } from '@lexfin/testing';
import type { CollectionDelivery } from '../../src/delivery';
import { reminder, reminderFigures, testDelivery } from './messages';

describe('collection letters', () => {
  let delivery: CollectionDelivery;

  beforeAll(() => {
    delivery = testDelivery({});
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
      'Lease renewal',
      ...reminderFigures,
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
});
