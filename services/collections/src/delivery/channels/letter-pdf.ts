import PDFDocument from 'pdfkit';
import type { ComposedMessage } from '../rendering/compose';

const LEFT = 50;
const RIGHT = 545;
const COLUMN_X = [50, 130, 270, 360, 455];
const COLUMN_WIDTH = [76, 136, 86, 91, 90];
const PAGE_BOTTOM = 760;

/**
 * The letter as an A4 PDF for the firm to print and post: letterhead, the client's address where
 * a window envelope shows it, the wording, the items table, totals and pay-by date, and the
 * enclosure on a page of its own.
 */
export function renderLetterPdf(letter: ComposedMessage): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: LEFT, info: { Title: letter.subject } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('Helvetica-Bold').fontSize(16).text(letter.firmName, LEFT, 50);
  pdf.font('Helvetica').fontSize(9);
  for (const line of letter.firmContact) pdf.text(line);
  pdf
    .moveTo(LEFT, pdf.y + 6)
    .lineTo(RIGHT, pdf.y + 6)
    .stroke();

  pdf.font('Helvetica').fontSize(10).text('', LEFT, 140);
  for (const line of letter.postalAddress) pdf.text(line);

  pdf.text('', LEFT, 240);
  pdf.font('Helvetica-Bold').fontSize(11).text(letter.subject);
  pdf.moveDown().font('Helvetica').fontSize(10).text(letter.greeting);
  for (const paragraph of letter.paragraphs) pdf.moveDown(0.6).text(paragraph, { align: 'left' });

  pdf.moveDown().font('Helvetica-Bold').text(letter.itemsHeading);
  pdf.moveDown(0.4);
  const { columns } = letter;
  row(
    pdf,
    [columns.invoice, columns.matter, columns.dueDate, columns.status, columns.openAmount],
    'Helvetica-Bold',
  );
  for (const item of letter.items) {
    row(
      pdf,
      [item.invoiceNumber, item.matterName, item.dueDate, item.timing, item.openAmount],
      'Helvetica',
    );
  }

  pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(10);
  pdf.text(`${letter.totalsHeading}:`, LEFT, pdf.y, { width: RIGHT - LEFT, align: 'right' });
  for (const total of letter.totals) pdf.text(total, { width: RIGHT - LEFT, align: 'right' });

  pdf
    .font('Helvetica')
    .moveDown()
    .text(letter.payByLine, LEFT, pdf.y, { width: RIGHT - LEFT });
  pdf.moveDown(0.6).text(letter.contactLine);
  pdf.moveDown().text(letter.signOff).text(letter.firmName);
  pdf.moveDown(2).fontSize(8).fillColor('#555555').text(letter.optOutLine).fillColor('black');

  if (letter.enclosure !== null) {
    pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(14).text(letter.enclosure.title, { align: 'center' });
    pdf.font('Helvetica').fontSize(10);
    for (const paragraph of letter.enclosure.paragraphs) pdf.moveDown().text(paragraph);
  }
  pdf.end();
  return done;
}

function row(pdf: PDFKit.PDFDocument, cells: string[], font: string): void {
  if (pdf.y > PAGE_BOTTOM) pdf.addPage();
  const y = pdf.y;
  pdf.font(font).fontSize(9);
  let bottom = y;
  cells.forEach((cell, index) => {
    pdf.text(cell, COLUMN_X[index]!, y, {
      width: COLUMN_WIDTH[index]!,
      align: index === cells.length - 1 ? 'right' : 'left',
    });
    bottom = Math.max(bottom, pdf.y);
  });
  pdf.x = LEFT;
  pdf.y = bottom + 4;
}
