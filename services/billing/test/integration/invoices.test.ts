import { type GraphQLClient, type MessageCollector } from '@lexfin/testing';
import {
  errorOf,
  INVOICE_FIELDS,
  issuedInvoice,
  ok,
  recordTime,
  setUpMatter,
  usd,
  eventsOf,
} from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let partner: GraphQLClient;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  partner = await harness.as({ firmId, roles: ['partner'], userId: 'partner-ada' });
  collector = await harness.collectEvents(firmId);
});

afterAll(async () => {
  await harness.close();
});

const DRAFT = `mutation($m: ID!, $r: MoneyInput) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31", contingencyRecovery: $r) { ${INVOICE_FIELDS} } }`;
const ADJUST = `mutation($i: ID!, $l: ID!, $a: MoneyInput!, $r: String!) { adjustInvoiceLine(invoiceId: $i, lineId: $l, adjustment: $a, reason: $r) { ${INVOICE_FIELDS} } }`;
const ISSUE = `mutation($i: ID!, $k: String!, $d: String) { issueInvoice(invoiceId: $i, invoiceDate: $d, idempotencyKey: $k) { ${INVOICE_FIELDS} } }`;
const VOID = `mutation($i: ID!, $k: String!) { voidInvoice(invoiceId: $i, reason: "Wrong matter", idempotencyKey: $k) { ${INVOICE_FIELDS} } }`;
const WRITE_OFF = `mutation($i: ID!, $a: MoneyInput, $k: String!) { writeOffInvoice(invoiceId: $i, amount: $a, reason: "Goodwill", idempotencyKey: $k) { ${INVOICE_FIELDS} } }`;
const CREDIT_NOTE = `mutation($i: ID!, $a: MoneyInput!, $k: String!) { createCreditNote(invoiceId: $i, amount: $a, reason: "Duplicate line", idempotencyKey: $k) { creditNoteId invoice { ${INVOICE_FIELDS} } } }`;

describe('draft invoices', () => {
  it('bills unbilled time and expenses with tax at the matter rate, and adjusts lines with the tax following', async () => {
    const ids = await setUpMatter(clerk, { taxRatePercent: '10' });
    await recordTime(clerk, ids, '1.5');
    await recordTime(clerk, ids, '2.0', '2026-04-02'); // outside the period: stays unbilled
    await ok(clerk, `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`, {
      input: {
        matterId: ids.matterId,
        incurredOn: '2026-03-03',
        expenseCode: 'E101',
        description: 'Copies',
        quantity: 100,
        unitCost: usd('0.10'),
      },
    });
    const draft = (await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      invoiceNumber: null,
      total: { amount: '506.00' },
    });
    expect(
      draft.lines.map((line: { kind: string; amount: { amount: string } }) => [
        line.kind,
        line.amount.amount,
      ]),
    ).toEqual([
      ['FEE', '450.00'],
      ['EXPENSE', '10.00'],
      ['TAX', '46.00'],
    ]);
    const fee = draft.lines[0];
    const adjusted = (
      await ok(clerk, ADJUST, { i: draft.id, l: fee.id, a: usd('-50.00'), r: 'Courtesy' })
    ).adjustInvoiceLine;
    expect(adjusted.total.amount).toBe('451.00');
    expect(
      adjusted.lines.map((line: { amount: { amount: string } }) => line.amount.amount),
    ).toEqual(['400.00', '10.00', '41.00']);
    const tax = adjusted.lines[2];
    expect(
      (await errorOf(clerk, ADJUST, { i: draft.id, l: tax.id, a: usd('1.00'), r: 'x' })).extensions
        ?.fields,
    ).toHaveProperty('lineId');
    expect(
      (await errorOf(clerk, ADJUST, { i: draft.id, l: fee.id, a: usd('-451.00'), r: 'x' }))
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
    const again = await errorOf(clerk, DRAFT, { m: ids.matterId });
    expect(again.extensions?.code).toBe('NOTHING_TO_BILL');
  });

  it('charges a flat fee once and a contingency share of a recovery as their own lines', async () => {
    const ids = await setUpMatter(clerk, {
      billingArrangement: 'HYBRID',
      flatFee: usd('1000.00'),
      contingencyRatePercent: '33.3333',
    });
    await recordTime(clerk, ids, '1.0');
    const first = (await ok(clerk, DRAFT, { m: ids.matterId, r: usd('30000.00') }))
      .generateDraftInvoice;
    expect(
      first.lines.map((line: { kind: string; amount: { amount: string } }) => [
        line.kind,
        line.amount.amount,
      ]),
    ).toEqual([
      ['FEE', '300.00'],
      ['FLAT_FEE', '1000.00'],
      ['CONTINGENCY_FEE', '9999.99'],
    ]);
    await recordTime(clerk, ids, '1.0', '2026-03-20');
    const second = (await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice;
    expect(second.lines.map((line: { kind: string }) => line.kind)).toEqual(['FEE']);
  });
});

describe('issuing', () => {
  it('numbers invoices per firm without gaps under concurrency, dates them and makes them immutable', async () => {
    const drafts: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const ids = await setUpMatter(clerk, { paymentTermsDays: 15 });
      await recordTime(clerk, ids, '1.0');
      drafts.push((await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice.id);
    }
    const issued = await Promise.all(
      drafts.map((id) => ok(clerk, ISSUE, { i: id, k: `issue-${id}`, d: '2026-04-01' })),
    );
    const numbers = issued
      .map((result) => Number(result.issueInvoice.invoiceNumber))
      .sort((a, b) => a - b);
    // The first invoices this firm issues: exactly 1 to 6.
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(issued[0]!.issueInvoice).toMatchObject({
      status: 'ISSUED',
      invoiceDate: '2026-04-01',
      dueDate: '2026-04-16',
    });
    const first = issued[0]!.issueInvoice;
    expect(
      (await errorOf(clerk, ADJUST, { i: first.id, l: first.lines[0].id, a: usd('-1.00'), r: 'x' }))
        .extensions?.code,
    ).toBe('INVOICE_NOT_DRAFT');
    expect((await errorOf(clerk, ISSUE, { i: first.id, k: 'another-key' })).extensions?.code).toBe(
      'INVOICE_NOT_DRAFT',
    );
    const events = await eventsOf(collector, 'lexfin.billing.invoice.issued.v2', 6);
    const event = events.find((candidate) => candidate.data.invoiceId === first.id);
    expect(event.data).toMatchObject({
      invoiceNumber: first.invoiceNumber,
      invoiceDate: '2026-04-01',
      dueDate: '2026-04-16',
      paymentTermsDays: 15,
      total: usd('300.00'),
      linesSummary: {
        lineCount: 1,
        fees: usd('300.00'),
        expenses: usd('0.00'),
        tax: usd('0.00'),
        adjustments: usd('0.00'),
      },
    });
  });

  it('answers a repeated idempotency key with the first result, and a changed request with CONFLICT', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const draft = (await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice;
    const key = `issue-once-${draft.id}`;
    const [a, b] = await Promise.all([
      ok(clerk, ISSUE, { i: draft.id, k: key, d: '2026-04-01' }),
      ok(clerk, ISSUE, { i: draft.id, k: key, d: '2026-04-01' }),
    ]);
    expect(a.issueInvoice.invoiceNumber).toBe(b.issueInvoice.invoiceNumber);
    const conflict = await errorOf(clerk, ISSUE, { i: draft.id, k: key, d: '2026-04-02' });
    expect(conflict.extensions?.code).toBe('CONFLICT');
  });
});

describe('void, write-off and credit notes', () => {
  it('voids an unpaid invoice, keeping its number used and its work billable again', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    const voided = (await ok(clerk, VOID, { i: invoice.id, k: `void-${invoice.id}` })).voidInvoice;
    expect(voided).toMatchObject({
      status: 'VOID',
      invoiceNumber: invoice.invoiceNumber,
      openAmount: { amount: '0.00' },
    });
    expect((await errorOf(clerk, VOID, { i: invoice.id, k: 'void-again' })).extensions?.code).toBe(
      'INVOICE_NOT_OPEN',
    );
    const rebilled = (await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice;
    expect(rebilled.total.amount).toBe('300.00');
    const events = await eventsOf(collector, 'lexfin.billing.invoice.voided.v2', 1);
    expect(events.find((event) => event.data.invoiceId === invoice.id).data).toMatchObject({
      reason: 'Wrong matter',
      total: usd('300.00'),
    });
  });

  it('lists on issue the work billed before and after adjustments, and on void the work returned', async () => {
    const ids = await setUpMatter(clerk);
    const entry = await recordTime(clerk, ids, '1.5');
    const expense = await ok(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-03',
          expenseCode: 'E101',
          description: 'Copies',
          quantity: 100,
          unitCost: usd('0.10'),
        },
      },
    );
    const expenseId = expense.recordExpense.id;
    const draft = (await ok(clerk, DRAFT, { m: ids.matterId })).generateDraftInvoice;
    await ok(clerk, ADJUST, { i: draft.id, l: draft.lines[0].id, a: usd('-50.00'), r: 'Courtesy' });
    await ok(clerk, ISSUE, { i: draft.id, k: `issue-${draft.id}`, d: '2026-04-01' });
    await ok(clerk, VOID, { i: draft.id, k: `void-${draft.id}` });

    const issued = (await eventsOf(collector, 'lexfin.billing.invoice.issued.v2', 1)).find(
      (event) => event.data.invoiceId === draft.id,
    );
    expect(issued.data).toMatchObject({
      total: usd('410.00'),
      billedTimeEntries: [
        {
          timeEntryId: entry.id,
          recordedAmount: usd('450.00'),
          billedBeforeAdjustment: usd('450.00'),
          billedAfterAdjustment: usd('400.00'),
        },
      ],
      billedExpenses: [
        {
          expenseId,
          recordedAmount: usd('10.00'),
          billedBeforeAdjustment: usd('10.00'),
          billedAfterAdjustment: usd('10.00'),
        },
      ],
    });
    const voided = (await eventsOf(collector, 'lexfin.billing.invoice.voided.v2', 2)).find(
      (event) => event.data.invoiceId === draft.id,
    );
    expect(voided.data).toMatchObject({
      returnedTimeEntries: [{ timeEntryId: entry.id, amount: usd('450.00') }],
      returnedExpenses: [{ expenseId, amount: usd('10.00') }],
    });
  });

  it('refuses to void an invoice with payments', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    await ok(
      clerk,
      `mutation($c: ID!) { recordPayment(input: { clientId: $c, method: ACH, amount: { amount: "10.00", currency: "USD" } }, idempotencyKey: "p-void") { id } }`,
      { c: ids.clientId },
    );
    expect(
      (await errorOf(clerk, VOID, { i: invoice.id, k: `void-${invoice.id}` })).extensions?.code,
    ).toBe('INVOICE_HAS_PAYMENTS');
  });

  it('writes off part or all of an invoice with a partner as approver', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    expect(
      (await errorOf(clerk, WRITE_OFF, { i: invoice.id, a: usd('50.00'), k: 'wo-clerk' }))
        .extensions?.code,
    ).toBe('FORBIDDEN');
    const partial = (await ok(partner, WRITE_OFF, { i: invoice.id, a: usd('50.00'), k: 'wo-1' }))
      .writeOffInvoice;
    expect(partial).toMatchObject({
      status: 'PARTIALLY_PAID',
      writtenOff: { amount: '50.00' },
      openAmount: { amount: '250.00' },
    });
    expect(
      (await errorOf(partner, WRITE_OFF, { i: invoice.id, a: usd('250.01'), k: 'wo-2' })).extensions
        ?.code,
    ).toBe('EXCEEDS_OPEN_AMOUNT');
    const rest = (await ok(partner, WRITE_OFF, { i: invoice.id, k: 'wo-3' })).writeOffInvoice;
    expect(rest).toMatchObject({
      status: 'WRITTEN_OFF',
      writtenOff: { amount: '300.00' },
      openAmount: { amount: '0.00' },
    });
    expect((await errorOf(partner, WRITE_OFF, { i: invoice.id, k: 'wo-4' })).extensions?.code).toBe(
      'INVOICE_NOT_OPEN',
    );
    const events = await eventsOf(collector, 'lexfin.billing.invoice.written_off.v1', 2);
    expect(
      events
        .filter((event) => event.data.invoiceId === invoice.id)
        .map((event) => [
          event.data.amount.amount,
          event.data.openAmount.amount,
          event.data.approvedBy,
        ]),
    ).toEqual([
      ['50.00', '250.00', 'partner-ada'],
      ['250.00', '0.00', 'partner-ada'],
    ]);
  });

  it('corrects an issued invoice with numbered credit notes', async () => {
    const ids = await setUpMatter(clerk);
    await recordTime(clerk, ids, '1.0');
    const invoice = await issuedInvoice(clerk, ids.matterId);
    const credited = (await ok(clerk, CREDIT_NOTE, { i: invoice.id, a: usd('100.00'), k: 'cn-1' }))
      .createCreditNote;
    expect(credited.invoice).toMatchObject({
      status: 'PARTIALLY_PAID',
      credited: { amount: '100.00' },
      openAmount: { amount: '200.00' },
    });
    expect(
      (await errorOf(clerk, CREDIT_NOTE, { i: invoice.id, a: usd('200.01'), k: 'cn-2' })).extensions
        ?.code,
    ).toBe('EXCEEDS_OPEN_AMOUNT');
    expect(
      (
        await errorOf(clerk, CREDIT_NOTE, {
          i: invoice.id,
          a: { amount: '1.00', currency: 'EUR' },
          k: 'cn-3',
        })
      ).extensions?.fields,
    ).toHaveProperty(['amount.currency']);
    const settled = (await ok(clerk, CREDIT_NOTE, { i: invoice.id, a: usd('200.00'), k: 'cn-4' }))
      .createCreditNote;
    expect(settled.invoice.status).toBe('PAID');
    const notes = await eventsOf(collector, 'lexfin.billing.credit_note.issued.v1', 2);
    const numbers = notes
      .filter((event) => event.data.invoiceId === invoice.id)
      .map((event) => event.data.creditNoteNumber);
    expect(numbers).toHaveLength(2);
    expect(numbers[0]).toMatch(/^CN-\d{6}$/);
  });
});
