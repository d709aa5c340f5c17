import PDFDocument from 'pdfkit';
import type { ReportDocument, ReportSection } from './report-document';

const MARGIN = 40;
const PAGE_WIDTH = 595.28 - 2 * MARGIN;

/**
 * Renders the report on A4 with the standard Helvetica font. `createdAt` is fixed by the caller
 * (the report's own date), so the same report always renders the same bytes.
 */
export function renderPdf(document: ReportDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: document.title, CreationDate: createdAt, ModDate: createdAt },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('Helvetica-Bold').fontSize(14).text(document.title);
  pdf.moveDown(0.5).font('Helvetica').fontSize(9);
  for (const [label, value] of document.facts) pdf.text(`${label}: ${value}`);
  for (const section of document.sections) renderSection(pdf, section);
  pdf.end();
  return done;
}

function renderSection(pdf: PDFKit.PDFDocument, section: ReportSection) {
  pdf.moveDown(1).font('Helvetica-Bold').fontSize(11).text(section.heading, MARGIN);
  pdf.fontSize(8);
  const width = PAGE_WIDTH / section.columns.length;
  const row = (cells: string[]) => {
    if (pdf.y > pdf.page.height - MARGIN - 20) pdf.addPage();
    const y = pdf.y;
    let bottom = y;
    cells.forEach((cell, index) => {
      pdf.text(cell, MARGIN + index * width, y, { width: width - 4 });
      bottom = Math.max(bottom, pdf.y);
    });
    pdf.x = MARGIN;
    pdf.y = bottom + 2;
  };
  row(section.columns);
  pdf.font('Helvetica');
  if (section.rows.length === 0) pdf.text('None.', MARGIN);
  for (const cells of section.rows) row(cells);
  pdf.font('Helvetica-Bold');
  for (const [label, value] of section.totals) pdf.text(`${label}: ${value}`, MARGIN);
  pdf.font('Helvetica');
}
