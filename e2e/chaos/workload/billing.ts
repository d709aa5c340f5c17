import { money, type Operation } from './firm';

/** Billing: time to an issued invoice, card payments, their reversals, credit notes. */
export const billingOperations: Operation[] = [
  {
    name: 'bill time',
    weight: 3,
    async run(firm) {
      const { clientId, matterId } = firm.random.pick(firm.matters);
      const workDate = firm.daysAgo(firm.random.int(1, 20));
      const entry = await firm.frontEnd.send(
        'recordTimeEntry',
        `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
        {
          input: {
            matterId,
            timekeeperId: firm.timekeeperId,
            workDate,
            hours: (firm.random.int(5, 30) / 10).toFixed(1),
            narrative: 'Drafted and reviewed correspondence',
          },
        },
      );
      if (entry.kind !== 'acknowledged') return;
      const draft = await firm.frontEnd.send(
        'generateDraftInvoice',
        `mutation($matterId: ID!, $from: String!, $to: String!) {
           generateDraftInvoice(matterId: $matterId, periodStart: $from, periodEnd: $to) { id } }`,
        { matterId, from: firm.daysAgo(25), to: firm.today },
      );
      if (draft.kind !== 'acknowledged') return;
      const invoiceId = draft.data.generateDraftInvoice.id as string;
      const issued = await firm.frontEnd.send(
        'issueInvoice',
        `mutation($invoiceId: ID!, $idempotencyKey: String!) {
           issueInvoice(invoiceId: $invoiceId, idempotencyKey: $idempotencyKey) { id } }`,
        { invoiceId, idempotencyKey: firm.key('issue') },
        (data) => data.issueInvoice.id,
      );
      if (issued.kind === 'acknowledged') firm.invoices.push({ id: invoiceId, clientId, matterId });
    },
  },
  {
    name: 'record payment',
    weight: 2,
    async run(firm) {
      if (firm.invoices.length === 0) return;
      const invoice = firm.random.pick(firm.invoices);
      const idempotencyKey = firm.key('payment');
      const paid = await firm.frontEnd.send(
        'recordPayment',
        `mutation($input: RecordPaymentInput!, $idempotencyKey: String!) {
           recordPayment(input: $input, idempotencyKey: $idempotencyKey) { id } }`,
        {
          idempotencyKey,
          input: {
            clientId: invoice.clientId,
            method: 'CARD',
            amount: money(firm.random.int(20, 200) * 100),
            receivedOn: firm.today,
            reference: idempotencyKey,
          },
        },
        (data) => data.recordPayment.id,
      );
      if (paid.kind === 'acknowledged') {
        firm.payments.push({ id: paid.data.recordPayment.id, reversed: false });
      }
    },
  },
  {
    name: 'reverse payment',
    weight: 0.5,
    async run(firm) {
      const payment = firm.payments.find((candidate) => !candidate.reversed);
      if (!payment) return;
      const reversed = await firm.frontEnd.send(
        'reversePayment',
        `mutation($paymentId: ID!, $idempotencyKey: String!) {
           reversePayment(paymentId: $paymentId, reason: "Card chargeback", idempotencyKey: $idempotencyKey) { id } }`,
        { paymentId: payment.id, idempotencyKey: firm.key('reverse') },
        (data) => data.reversePayment.id,
      );
      if (reversed.kind !== 'gave-up') payment.reversed = true;
    },
  },
  {
    name: 'credit note',
    weight: 0.5,
    async run(firm) {
      if (firm.invoices.length === 0) return;
      await firm.frontEnd.send(
        'createCreditNote',
        `mutation($invoiceId: ID!, $amount: MoneyInput!, $idempotencyKey: String!) {
           createCreditNote(invoiceId: $invoiceId, amount: $amount, reason: "Courtesy discount",
             idempotencyKey: $idempotencyKey) { creditNoteId } }`,
        {
          invoiceId: firm.random.pick(firm.invoices).id,
          amount: money(firm.random.int(5, 30) * 100),
          idempotencyKey: firm.key('credit-note'),
        },
        (data) => data.createCreditNote.creditNoteId,
      );
    },
  },
];
