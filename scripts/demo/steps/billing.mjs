/**
 * Billing: timekeepers and practice areas, clients of every kind, matters under every billing
 * arrangement, six months of time and expenses, invoices in every state and payments by every
 * method billing records itself (trust pays through trust accounting's step).
 */
import { addDays, monthStart, usd } from '../seeded.mjs';
import { openingCreditLimits } from './credit-assessment.mjs';

const TIMEKEEPERS = [
  { name: 'Okafor, Ada', classification: 'PARTNR', rate: '420.00' },
  { name: 'Lindqvist, Erik', classification: 'PARTNR', rate: '390.00' },
  { name: 'Moreau, Claire', classification: 'ASSOC', rate: '260.00' },
  { name: 'Tanaka, Ren', classification: 'PARLEG', rate: '140.00' },
];

const CLIENTS = [
  {
    displayName: 'Harbour & Finch Shipping Ltd',
    kind: 'ORGANISATION',
    timeZone: 'America/New_York',
  },
  { displayName: 'Larkspur Dental Group', kind: 'ORGANISATION', timeZone: 'America/Chicago' },
  { displayName: 'Northwind Analytics Inc', kind: 'ORGANISATION', timeZone: 'America/Los_Angeles' },
  { displayName: 'Maria Alvarez', kind: 'PERSON', timeZone: 'America/Denver' },
  { displayName: 'Jonas Whitfield', kind: 'PERSON', timeZone: 'America/New_York' },
  { displayName: 'Priya Raman', kind: 'PERSON', timeZone: 'America/Chicago' },
];

/** Client index, arrangement and its terms; every arrangement at least once. */
const MATTERS = [
  { client: 0, description: 'Charter party dispute', arrangement: 'HOURLY', area: 0 },
  {
    client: 0,
    description: 'Fleet financing',
    arrangement: 'FLAT_FEE',
    area: 1,
    flatFee: '12000.00',
  },
  { client: 1, description: 'Employment advice', arrangement: 'HOURLY', area: 2 },
  {
    client: 2,
    description: 'Series B financing',
    arrangement: 'HYBRID',
    area: 1,
    flatFee: '5000.00',
  },
  {
    client: 3,
    description: 'Personal injury claim',
    arrangement: 'CONTINGENCY',
    area: 0,
    rate: '33.33',
  },
  { client: 4, description: 'Estate administration', arrangement: 'HOURLY', area: 2 },
  { client: 5, description: 'Wrongful dismissal claim', arrangement: 'HOURLY', area: 2 },
];

const NARRATIVES = [
  'Review correspondence and advise client',
  'Draft pleadings',
  'Conference call with opposing counsel',
  'Research case law',
  'Prepare document production',
  'Revise agreement and mark-up',
];

export async function billingStep({ as, random, today, say, demo }) {
  const admin = as('firm_admin');
  const clerk = as('billing_clerk');
  const firstMonth = monthStart(today, 6);

  const areas = [];
  for (const name of ['Litigation', 'Corporate', 'Employment and private client']) {
    areas.push(
      (await admin(`mutation($n: String!) { addPracticeArea(name: $n) { id } }`, { n: name }))
        .addPracticeArea.id,
    );
  }
  const timekeepers = [];
  for (const timekeeper of TIMEKEEPERS) {
    const { createTimekeeper } = await admin(
      `mutation($input: CreateTimekeeperInput!) { createTimekeeper(input: $input) { id } }`,
      { input: { name: timekeeper.name, classification: timekeeper.classification } },
    );
    await admin(
      `mutation($input: SetTimekeeperRateInput!) { setTimekeeperRate(input: $input) { id } }`,
      {
        input: {
          timekeeperId: createTimekeeper.id,
          effectiveFrom: addDays(firstMonth, -30),
          rate: usd(timekeeper.rate),
        },
      },
    );
    timekeepers.push(createTimekeeper.id);
  }
  say(`billing: ${timekeepers.length} timekeepers, ${areas.length} practice areas`);

  const clients = [];
  for (const client of CLIENTS) {
    const { createClient } = await clerk(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
      { input: { ...client, currency: 'USD' } },
    );
    clients.push(createClient.id);
  }
  const matters = [];
  for (const [index, matter] of MATTERS.entries()) {
    const { openMatter } = await clerk(
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
      {
        input: {
          clientId: clients[matter.client],
          matterNumber: `DEMO-${String(index + 1).padStart(3, '0')}`,
          description: matter.description,
          responsiblePartnerId: timekeepers[index % 2],
          practiceAreaId: areas[matter.area],
          billingArrangement: matter.arrangement,
          paymentTermsDays: 30,
          openedOn: addDays(firstMonth, -20),
          ...(matter.flatFee ? { flatFee: usd(matter.flatFee) } : {}),
          ...(matter.rate ? { contingencyRatePercent: matter.rate } : {}),
        },
      },
    );
    matters.push({ ...matter, id: openMatter.id, clientId: clients[matter.client] });
  }
  say(
    `billing: ${clients.length} clients (people and organisations), ${matters.length} matters (hourly, flat fee, contingency, hybrid)`,
  );
  await openingCreditLimits({ as, clients });

  // Six months of work: a few entries a week on each matter, an expense or two a month.
  let entries = 0;
  let expenses = 0;
  for (let month = 6; month >= 1; month--) {
    const start = monthStart(today, month);
    for (const matter of matters) {
      const input = [];
      for (let day = 1; day <= 26; day += random.between(2, 5)) {
        input.push({
          matterId: matter.id,
          timekeeperId: random.pick(timekeepers),
          workDate: addDays(start, day),
          hours: (random.between(3, 40) / 10).toFixed(1),
          taskCode: 'L110',
          activityCode: 'A101',
          narrative: random.pick(NARRATIVES),
        });
      }
      await clerk(
        `mutation($input: [TimeEntryInput!]!) { recordTimeEntries(input: $input) { id } }`,
        { input },
      );
      entries += input.length;
      if (random.next() < 0.6) {
        await clerk(`mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`, {
          input: {
            matterId: matter.id,
            incurredOn: addDays(start, random.between(3, 25)),
            expenseCode: random.pick(['E101', 'E106', 'E110']),
            description: random.pick(['Court filing fee', 'Courier', 'Travel to hearing']),
            quantity: 1,
            unitCost: usd(`${random.between(20, 400)}.00`),
          },
        });
        expenses += 1;
      }
    }
  }
  say(`billing: ${entries} time entries and ${expenses} expenses over six months`);

  // An invoice a month per matter, issued on the first of the next; the last month stays a draft.
  const invoices = [];
  for (let month = 6; month >= 1; month--) {
    const start = monthStart(today, month);
    const end = addDays(monthStart(today, month - 1), -1);
    for (const matter of matters) {
      // A contingency share is billed once, on the recovery; a flat fee once, at the start.
      if (matter.arrangement === 'CONTINGENCY' && month !== 3) continue;
      if (matter.arrangement === 'FLAT_FEE' && month !== 6) continue;
      const { generateDraftInvoice } = await clerk(
        `mutation($m: ID!, $from: String!, $to: String!, $recovery: MoneyInput) {
           generateDraftInvoice(matterId: $m, periodStart: $from, periodEnd: $to, contingencyRecovery: $recovery) { id } }`,
        {
          m: matter.id,
          from: start,
          to: end,
          recovery: matter.arrangement === 'CONTINGENCY' ? usd('90000.00') : null,
        },
      );
      const invoice = { id: generateDraftInvoice.id, matter, month, issuedOn: addDays(end, 1) };
      invoices.push(invoice);
      if (month === 1) continue;
      await clerk(
        `mutation($id: ID!, $d: String!, $k: String!) { issueInvoice(invoiceId: $id, invoiceDate: $d, idempotencyKey: $k) { id } }`,
        {
          id: invoice.id,
          d: invoice.issuedOn,
          k: `demo-issue-${invoice.id}`,
        },
      );
      invoice.issued = true;
    }
  }

  // Older invoices are paid, by every method; the latest issued ones stay open and overdue.
  const methods = ['ACH', 'CHECK', 'WIRE', 'CARD'];
  let payments = 0;
  const issued = invoices.filter((invoice) => invoice.issued);
  const [toVoid, toWriteOff, toPartlyPay] = issued.filter((invoice) => invoice.month === 4);
  await clerk(
    `mutation($id: ID!, $k: String!) { voidInvoice(invoiceId: $id, reason: "Issued to the wrong client contact", idempotencyKey: $k) { id } }`,
    {
      id: toVoid.id,
      k: `demo-void-${toVoid.id}`,
    },
  );
  await as('partner')(
    `mutation($id: ID!, $k: String!) { writeOffInvoice(invoiceId: $id, reason: "Uncollectable: client insolvent", idempotencyKey: $k) { id } }`,
    {
      id: toWriteOff.id,
      k: `demo-write-off-${toWriteOff.id}`,
    },
  );
  for (const invoice of issued.filter((each) => each.month >= 5 || each === toPartlyPay)) {
    const { invoice: read } = await clerk(
      `query($id: ID!) { invoice(id: $id) { total { amount } } }`,
      { id: invoice.id },
    );
    const whole = read.total.amount;
    const amount = invoice === toPartlyPay ? (Number(whole) / 2).toFixed(2) : whole;
    await clerk(
      `mutation($input: RecordPaymentInput!, $k: String!) { recordPayment(input: $input, idempotencyKey: $k) { id } }`,
      {
        input: {
          clientId: invoice.matter.clientId,
          method: methods[payments % methods.length],
          amount: usd(amount),
          receivedOn: addDays(invoice.issuedOn, random.between(10, 25)),
          reference: `DEMO-PAY-${payments + 1}`,
          allocations: [{ invoiceId: invoice.id, amount: usd(amount) }],
        },
        k: `demo-pay-${invoice.id}`,
      },
    );
    payments += 1;
  }
  say(
    `billing: ${invoices.length} invoices (drafts, issued, partly paid, paid, void, written off); ${payments} payments by ACH, check, wire and card`,
  );
  Object.assign(demo, { clients, matters, timekeepers, invoices });
}
