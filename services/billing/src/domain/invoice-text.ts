/** What an invoice document says, line by line: the PDF draws these, tests snapshot them. */
export interface InvoiceText {
  title: string;
  header: string[];
  columns: string[];
  rows: string[][];
  totals: [string, string][];
  remittance: string[];
}

export interface InvoiceTextInput {
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  paymentTermsDays: number;
  periodStart: string;
  periodEnd: string;
  clientName: string;
  billingContactName: string | null;
  matterNumber: string;
  matterDescription: string;
  currency: string;
  lines: {
    lineDate: string;
    codes: string;
    timekeeper: string;
    description: string;
    units: string;
    amount: string;
  }[];
  total: string;
  paid: string;
  credited: string;
  writtenOff: string;
  open: string;
  /** The client's trust balance, shown when the caller knows it. */
  trustBalance: string | null;
  remittanceDetails: string;
}

export function invoiceText(input: InvoiceTextInput): InvoiceText {
  const totals: [string, string][] = [[`Total (${input.currency})`, input.total]];
  for (const [label, value] of [
    ['Payments received', input.paid],
    ['Credit notes', input.credited],
    ['Written off', input.writtenOff],
  ] as const) {
    if (!/^-?0(\.0+)?$/.test(value)) totals.push([label, `-${value}`]);
  }
  totals.push(['Amount due', input.open]);
  if (input.trustBalance !== null) totals.push(['Funds held in trust for you', input.trustBalance]);
  return {
    title: `Invoice ${input.invoiceNumber}`,
    header: [
      `Bill to: ${input.clientName}`,
      ...(input.billingContactName ? [`Attention: ${input.billingContactName}`] : []),
      `Matter: ${input.matterNumber} ${input.matterDescription}`,
      `Invoice date: ${input.invoiceDate}`,
      `Services from ${input.periodStart} to ${input.periodEnd}`,
      `Due: ${input.dueDate} (net ${input.paymentTermsDays} days)`,
    ],
    columns: ['Date', 'UTBMS', 'Timekeeper', 'Description', 'Units', 'Amount'],
    rows: input.lines.map((line) => [
      line.lineDate,
      line.codes,
      line.timekeeper,
      line.description,
      line.units,
      line.amount,
    ]),
    totals,
    remittance: [
      'Remittance',
      input.remittanceDetails,
      `Please quote invoice ${input.invoiceNumber} with your payment.`,
    ],
  };
}
