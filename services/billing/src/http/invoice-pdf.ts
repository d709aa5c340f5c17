import PDFDocument from 'pdfkit';
import { Money } from '@lexfin/money';
import type { InvoiceDocument } from '../app/invoice-documents';
import { tenthsToHours } from '../app/quantities';
import { invoiceText, type InvoiceText } from '../domain/invoice-text';

export function textOf(document: InvoiceDocument, remittanceDetails: string): InvoiceText {
  const { invoice, client, matter } = document;
  const format = (minor: bigint) => Money.of(minor, invoice.currency).toDecimalString();
  return invoiceText({
    invoiceNumber: invoice.invoice_number!,
    invoiceDate: invoice.invoice_date!,
    dueDate: invoice.due_date!,
    paymentTermsDays: invoice.payment_terms_days,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    clientName: client.display_name,
    billingContactName: client.billing_contact_name,
    matterNumber: matter.matter_number,
    matterDescription: matter.description,
    currency: invoice.currency,
    lines: document.lines.map((line) => ({
      lineDate: line.line_date,
      codes: [line.task_code, line.activity_code, line.expense_code].filter(Boolean).join(' '),
      timekeeper: line.timekeeper_id
        ? (document.timekeepers.get(line.timekeeper_id)?.name ?? '')
        : '',
      description: line.description,
      units: tenthsToHours(line.units_tenths),
      amount: format(line.amount_minor),
    })),
    total: format(invoice.total_minor),
    paid: format(invoice.paid_minor),
    credited: format(invoice.credited_minor),
    writtenOff: format(invoice.written_off_minor),
    open: format(invoice.open_minor),
    trustBalance: null,
    remittanceDetails,
  });
}

const COLUMN_X = [50, 115, 165, 250, 470, 505];
const COLUMN_WIDTH = [60, 48, 80, 215, 32, 57];

/**
 * Renders the invoice text as a PDF. The creation date is the invoice's issue time, so the same
 * invoice always renders the same bytes.
 */
export function renderInvoicePdf(text: InvoiceText, issuedAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: text.title, CreationDate: issuedAt, ModDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('Helvetica-Bold').fontSize(18).text(text.title);
  pdf.moveDown().font('Helvetica').fontSize(10);
  for (const line of text.header) pdf.text(line);
  pdf.moveDown();
  const row = (cells: string[], font: string) => {
    const y = pdf.y;
    pdf.font(font).fontSize(8);
    let bottom = y;
    cells.forEach((cell, index) => {
      pdf.text(cell, COLUMN_X[index]!, y, {
        width: COLUMN_WIDTH[index]!,
        align: index >= 4 ? 'right' : 'left',
      });
      bottom = Math.max(bottom, pdf.y);
    });
    pdf.x = COLUMN_X[0]!;
    pdf.y = bottom + 4;
    if (pdf.y > 760) pdf.addPage();
  };
  row(text.columns, 'Helvetica-Bold');
  for (const cells of text.rows) row(cells, 'Helvetica');
  pdf.moveDown().fontSize(10);
  for (const [label, value] of text.totals) {
    pdf
      .font(label === 'Amount due' ? 'Helvetica-Bold' : 'Helvetica')
      .text(`${label}: ${value}`, { align: 'right' });
  }
  pdf.moveDown().font('Helvetica');
  for (const line of text.remittance) pdf.text(line);
  pdf.end();
  return done;
}
