import type { MoneyOutput } from '@lexfin/subgraph';

/** A report as rows of text: the one model both the CSV and the PDF are rendered from. */
export interface ReportDocument {
  title: string;
  /** Label and value pairs under the title. */
  facts: [string, string][];
  sections: ReportSection[];
}

export interface ReportSection {
  heading: string;
  columns: string[];
  rows: string[][];
  /** Label and value pairs under the rows. */
  totals: [string, string][];
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function renderCsv(document: ReportDocument): string {
  const rows: string[][] = [[document.title], ...document.facts];
  for (const section of document.sections) {
    rows.push([], [section.heading], section.columns, ...section.rows, ...section.totals);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An amount with its currency, as the reports print totals. */
export const showMoney = (money: MoneyOutput) => `${money.amount} ${money.currency}`;
