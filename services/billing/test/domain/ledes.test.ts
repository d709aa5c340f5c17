import { formatMinorAmount } from '@lexfin/money';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLedes, type LedesInvoice } from '../../src/domain/ledes/format';
import { parseLedes } from '../../src/domain/ledes/parse';

const sample = readFileSync(
  join(__dirname, '../../../../../shared/fixtures/ledes/ledes_1998b_sample.txt'),
  'utf8',
);

describe('LEDES 1998B parser', () => {
  it('parses the published sample: two invoices, their totals and lines', () => {
    const { invoices, problems } = parseLedes(sample);
    expect(problems).toEqual([]);
    expect(
      invoices.map((invoice) => [
        invoice.invoiceNumber,
        invoice.invoiceTotal,
        invoice.lines.length,
      ]),
    ).toEqual([
      ['96542', '1684.45', 5],
      ['96543', '1250.00', 1],
    ]);
    expect(invoices[0]).toMatchObject({
      invoiceDate: '1999-02-25',
      clientId: '00711',
      lawFirmMatterId: '0528',
      billingStartDate: '1999-01-01',
      billingEndDate: '1999-01-31',
    });
    expect(invoices[0]!.lines[0]).toMatchObject({
      type: 'F',
      adjustmentAmount: '-70.00',
      total: '630.00',
      taskCode: 'L510',
    });
    expect(invoices[1]!.lines[0]).toMatchObject({ type: 'IF', adjustmentAmount: '1250.00' });
  });

  it('reports every problem by line and field', () => {
    const lines = sample.split('\n');
    lines[2] = lines[2]!.replace('|19990115|L510', '|19990231|L510').replace('|630|', '|631|');
    lines[3] = lines[3]!.replace('|F|', '|X|');
    lines[5] = lines[5]!.replace(/\[\]$/, '');
    lines[6] = lines[6]!.replace('|24.95|19990117||E110|', '|abc|19990117||E110|');
    const { problems } = parseLedes(lines.join('\n'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'LINE_ITEM_DATE' }),
        expect.objectContaining({ line: 4, field: 'EXP/FEE/INV_ADJ_TYPE' }),
        expect.objectContaining({ line: 6, field: 'LINE' }),
      ]),
    );
    expect(problems.every((problem) => problem.message.length > 0)).toBe(true);
  });

  it('checks line arithmetic and the invoice total', () => {
    const lines = sample.split('\n');
    lines[3] = lines[3]!.replace('|0|700|', '|0|701|');
    const { problems } = parseLedes(lines.join('\n'));
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, field: 'INVOICE_TOTAL' }),
      expect.objectContaining({ line: 4, field: 'LINE_ITEM_TOTAL' }),
    ]);
  });

  it('knows leap days: 29 February 2000 and 2024 are dates, 1900 and 2023 are not', () => {
    const withDate = (date: string) =>
      parseLedes(
        sample.replace(
          '|19990115|L510||A102|22547|Research Attorney',
          `|${date}|L510||A102|22547|Research Attorney`,
        ),
      ).problems.filter((problem) => problem.field === 'LINE_ITEM_DATE').length;
    expect(['20000229', '20240229', '19000229', '20230229', '20240431'].map(withDate)).toEqual([
      0, 0, 1, 1, 1,
    ]);
  });

  it('reports a line item number used twice within an invoice, not across invoices', () => {
    const lines = sample.split('\n');
    lines[5] = lines[5]!.replace('|4|E|', '|2|E|');
    lines[7] = lines[7]!.replace('|6|IF|', '|1|IF|');
    expect(parseLedes(lines.join('\n')).problems).toEqual([
      expect.objectContaining({
        line: 6,
        field: 'LINE_ITEM_NUMBER',
        message: expect.stringContaining('line 4') as string,
      }),
    ]);
  });

  it('refuses a file without the version line or header', () => {
    const { problems } = parseLedes('INVOICE_DATE|x[]\n');
    expect(problems.map((problem) => [problem.line, problem.field])).toEqual([
      [1, 'FILE'],
      [2, 'HEADER'],
      [2, 'FILE'],
    ]);
  });
});

describe('LEDES 1998B export', () => {
  const invoice: LedesInvoice = {
    invoiceNumber: '2026-000001',
    invoiceDate: '2026-04-01',
    clientId: 'client-1',
    lawFirmMatterId: 'M-42',
    clientMatterId: 'M-42',
    lawFirmId: 'firm-1',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    description: 'Lease | dispute',
    formatAmount: (minor) => formatMinorAmount(minor, 'USD'),
    lines: [
      {
        lineNumber: 1,
        type: 'F',
        unitsTenths: 25,
        unitCostMinor: 35000n,
        adjustmentMinor: -5000n,
        totalMinor: 82500n,
        lineDate: '2026-03-02',
        taskCode: 'L110',
        expenseCode: null,
        activityCode: 'A101',
        timekeeperId: 'tk-1',
        timekeeperName: 'Finch, Ada',
        timekeeperClassification: 'PARTNR',
        description: 'Review[] lease\nand notes',
      },
      {
        lineNumber: 2,
        type: 'IF',
        unitsTenths: 10,
        unitCostMinor: null,
        adjustmentMinor: 7321n,
        totalMinor: 7321n,
        lineDate: '2026-03-31',
        taskCode: null,
        expenseCode: null,
        activityCode: null,
        timekeeperId: null,
        timekeeperName: null,
        timekeeperClassification: null,
        description: 'Tax',
      },
    ],
  };

  it('writes the version line, the header and one line per item, each ending in []', () => {
    const text = formatLedes([invoice]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('LEDES1998B[]');
    expect(lines[1]!.split('|')).toHaveLength(24);
    expect(lines[2]).toBe(
      '20260401|2026-000001|client-1|M-42|898.21|20260301|20260331|Lease   dispute|1|F|2.5|-50.00|825.00|20260302|L110||A101|tk-1|Review() lease and notes|firm-1|350.00|Finch, Ada|PARTNR|M-42[]',
    );
  });

  it('parses back to the same invoice and totals', () => {
    const { invoices, problems } = parseLedes(
      formatLedes([invoice, { ...invoice, invoiceNumber: '2026-000002' }]),
    );
    expect(problems).toEqual([]);
    expect(invoices.map((parsed) => [parsed.invoiceNumber, parsed.invoiceTotal])).toEqual([
      ['2026-000001', '898.21'],
      ['2026-000002', '898.21'],
    ]);
    expect(invoices[0]!.lines.map((line) => line.total)).toEqual(['825.00', '73.21']);
  });
});
