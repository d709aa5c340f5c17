import { randomUUID } from 'node:crypto';
import { systemCaller } from '@lexfin/service-kit';
import { type GraphQLClient, type MessageCollector } from '@lexfin/testing';
import { placeCreditHold, releaseCreditHold } from '../../src/app/credit-holds';
import {
  errorOf,
  eventAbout,
  eventsOf,
  ok,
  practiceAreaId,
  recordTime,
  setUpMatter,
  usd,
} from '../support/fixtures';
import { newFirm, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let clerk: GraphQLClient;
let collector: MessageCollector;
const firmId = newFirm();

beforeAll(async () => {
  harness = await startHarness();
  clerk = await harness.as({ firmId, roles: ['billing_clerk'] });
  collector = await harness.collectEvents(firmId);
});

afterAll(async () => {
  await harness.close();
});

const eventTypes = () =>
  collector.messages.map((message) => JSON.parse(message.value!.toString()).type as string);

describe('clients', () => {
  it('creates and updates a client, publishing its full state each time', async () => {
    const created = await ok(
      clerk,
      `mutation { createClient(input: { displayName: "Pier 9 Holdings", kind: ORGANISATION, timeZone: "Europe/London", currency: "GBP", billingEmail: "ap@pier9.example" }) { id displayName currency unappliedCredit { amount currency } } }`,
    );
    expect(created.createClient).toMatchObject({
      displayName: 'Pier 9 Holdings',
      unappliedCredit: { amount: '0.00', currency: 'GBP' },
    });
    const updated = await ok(
      clerk,
      `mutation($id: ID!) { updateClient(input: { clientId: $id, displayName: "Pier Nine Holdings" }) { displayName currency timeZone } }`,
      {
        id: created.createClient.id,
      },
    );
    expect(updated.updateClient).toEqual({
      displayName: 'Pier Nine Holdings',
      currency: 'GBP',
      timeZone: 'Europe/London',
    });
    await collector.waitFor(2);
    const [first, second] = collector.messages.map((message) =>
      JSON.parse(message.value!.toString()),
    );
    expect(first).toMatchObject({
      type: 'lexfin.billing.client.created.v2',
      firmid: firmId,
      data: { displayName: 'Pier 9 Holdings' },
    });
    expect(second).toMatchObject({
      type: 'lexfin.billing.client.updated.v2',
      data: { displayName: 'Pier Nine Holdings', currency: 'GBP' },
    });
  });

  it('names every bad field', async () => {
    const error = await errorOf(
      clerk,
      `mutation { createClient(input: { displayName: " ", kind: PERSON, timeZone: "Mars/Olympus", currency: "usd", billingEmail: "nope" }) { id } }`,
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual([
      'billingEmail',
      'currency',
      'displayName',
      'timeZone',
    ]);
  });

  it('checks roles and tokens, and keeps firms apart', async () => {
    const portal = await harness.as({ firmId, roles: ['client_portal'], clientId: newFirm() });
    expect(
      (
        await errorOf(
          portal,
          `mutation { createClient(input: { displayName: "X", kind: PERSON, timeZone: "UTC", currency: "USD" }) { id } }`,
        )
      ).extensions?.code,
    ).toBe('FORBIDDEN');
    const anonymous = await harness.as({ firmId, roles: ['ops'] });
    expect((await errorOf(anonymous, `{ clients { id } }`)).extensions?.code).toBe('FORBIDDEN');
    const { clientId } = await setUpMatter(clerk);
    const otherFirm = await harness.as({ firmId: newFirm(), roles: ['billing_clerk'] });
    expect(
      (await ok(otherFirm, `query($id: ID!) { client(id: $id) { id } }`, { id: clientId })).client,
    ).toBeNull();
    expect(
      (
        await errorOf(
          otherFirm,
          `mutation($id: ID!) { updateClient(input: { clientId: $id, displayName: "Mine" }) { id } }`,
          { id: clientId },
        )
      ).extensions?.code,
    ).toBe('NOT_FOUND');
    const response = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ clients { id } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('matters', () => {
  it('requires the terms of the billing arrangement and a unique number', async () => {
    const { clientId, timekeeperId } = await setUpMatter(clerk);
    const base = {
      clientId,
      matterNumber: 'FLAT-1',
      description: 'Will',
      responsiblePartnerId: timekeeperId,
      practiceAreaId: await practiceAreaId(clerk),
      paymentTermsDays: 30,
    };
    const flat = await errorOf(
      clerk,
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
      { input: { ...base, billingArrangement: 'FLAT_FEE' } },
    );
    expect(flat.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { flatFee: expect.any(String) },
    });
    const opened = await ok(
      clerk,
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id status currency flatFee { amount } taxRatePercent lateFeePolicy { kind annualRatePercent graceDays } } }`,
      {
        input: {
          ...base,
          billingArrangement: 'FLAT_FEE',
          flatFee: usd('2500.00'),
          taxRatePercent: '8.875',
          lateFeePolicy: { kind: 'SIMPLE_INTEREST', annualRatePercent: '12', graceDays: 5 },
        },
      },
    );
    expect(opened.openMatter).toMatchObject({
      status: 'OPEN',
      currency: 'USD',
      flatFee: { amount: '2500.00' },
      taxRatePercent: '8.875',
      lateFeePolicy: { kind: 'SIMPLE_INTEREST', annualRatePercent: '12', graceDays: 5 },
    });
    const duplicate = await errorOf(
      clerk,
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
      { input: { ...base, billingArrangement: 'HOURLY' } },
    );
    expect(duplicate.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { matterNumber: expect.any(String) },
    });
    const money = await errorOf(
      clerk,
      `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
      {
        input: {
          ...base,
          matterNumber: 'FLAT-2',
          billingArrangement: 'FLAT_FEE',
          flatFee: usd('1.234'),
        },
      },
    );
    expect(money.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'flatFee.amount': expect.stringContaining('decimals') },
    });
    const updated = await ok(
      clerk,
      `mutation($id: ID!) { updateMatter(input: { matterId: $id, paymentTermsDays: 45, taxRatePercent: "0" }) { paymentTermsDays taxRatePercent flatFee { amount } } }`,
      { id: opened.openMatter.id },
    );
    expect(updated.updateMatter).toEqual({
      paymentTermsDays: 45,
      taxRatePercent: '0',
      flatFee: { amount: '2500.00' },
    });
  });

  it('refuses new work on credit hold with CREDIT_HOLD, and again accepts it once released', async () => {
    const ids = await setUpMatter(clerk);
    const creditOfficer = await harness.as({ firmId, roles: ['credit_officer'] });
    expect(
      (
        await errorOf(
          clerk,
          `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Over limit") { id } }`,
          { m: ids.matterId },
        )
      ).extensions?.code,
    ).toBe('FORBIDDEN');
    const held = await ok(
      creditOfficer,
      `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Over limit") { status creditHoldReason } }`,
      { m: ids.matterId },
    );
    expect(held.placeMatterOnCreditHold).toEqual({
      status: 'ON_HOLD',
      creditHoldReason: 'Over limit',
    });
    const refused = await errorOf(
      clerk,
      `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2026-03-02',
          hours: '1.0',
          narrative: 'Call',
        },
      },
    );
    expect(refused.extensions).toMatchObject({ code: 'CREDIT_HOLD', matterId: ids.matterId });
    const expense = await errorOf(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-02',
          expenseCode: 'E101',
          description: 'Copies',
          unitCost: usd('0.10'),
        },
      },
    );
    expect(expense.extensions?.code).toBe('CREDIT_HOLD');
    expect(
      (
        await errorOf(
          creditOfficer,
          `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Again") { id } }`,
          { m: ids.matterId },
        )
      ).extensions?.code,
    ).toBe('MATTER_NOT_OPEN');
    const released = await ok(
      creditOfficer,
      `mutation($m: ID!) { releaseMatterCreditHold(matterId: $m) { status creditHoldReason } }`,
      { m: ids.matterId },
    );
    expect(released.releaseMatterCreditHold).toEqual({ status: 'OPEN', creditHoldReason: null });
    await recordTime(clerk, ids, '1.0');
    const closed = await ok(
      clerk,
      `mutation($m: ID!) { closeMatter(matterId: $m, closedOn: "2026-03-31") { status closedOn } }`,
      { m: ids.matterId },
    );
    expect(closed.closeMatter).toEqual({ status: 'CLOSED', closedOn: '2026-03-31' });
    expect(
      (
        await errorOf(
          clerk,
          `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
          {
            input: {
              matterId: ids.matterId,
              timekeeperId: ids.timekeeperId,
              workDate: '2026-03-02',
              hours: '1.0',
              narrative: 'Call',
            },
          },
        )
      ).extensions?.code,
    ).toBe('MATTER_CLOSED');
    expect(
      (
        await errorOf(clerk, `mutation($m: ID!) { closeMatter(matterId: $m) { id } }`, {
          m: ids.matterId,
        })
      ).extensions?.code,
    ).toBe('MATTER_CLOSED');
    await eventsOf(collector, 'lexfin.billing.matter.closed.v1', 1);
    const holds = collector.messages
      .map((message) => JSON.parse(message.value!.toString()))
      .filter(
        (event) =>
          event.type === 'lexfin.billing.matter.credit_hold.changed.v2' &&
          event.data.matterId === ids.matterId,
      );
    expect(holds.map((event) => event.data.onHold)).toEqual([true, false]);
    expect(eventTypes()).toEqual(
      expect.arrayContaining([
        'lexfin.billing.matter.opened.v2',
        'lexfin.billing.time_entry.recorded.v1',
        'lexfin.billing.matter.closed.v1',
      ]),
    );
  });
});

describe('credit holds by source', () => {
  it('keeps a matter on hold until neither a person nor credit holds it', async () => {
    const ids = await setUpMatter(clerk);
    const officer = await harness.as({ firmId, roles: ['credit_officer'], userId: 'officer-1' });
    const credit = systemCaller({ firmId, work: 'credit-limit', correlationId: randomUUID() });
    const breachId = randomUUID();
    const matterHolds = `status creditHoldReason creditHolds { source placedBy reason breachId }`;

    const person = await ok(
      officer,
      `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: "Fee dispute") { ${matterHolds} } }`,
      { m: ids.matterId },
    );
    expect(person.placeMatterOnCreditHold.status).toBe('ON_HOLD');
    const held = await placeCreditHold(harness.service.deps, credit, {
      clientId: ids.clientId,
      breachId,
      reason: 'Exposure above the limit',
    });
    expect(held.map((matter) => matter.id)).toEqual([ids.matterId]);
    // A second breach while credit already holds the matter changes nothing.
    expect(
      await placeCreditHold(harness.service.deps, credit, {
        clientId: ids.clientId,
        breachId: randomUUID(),
        reason: 'Still above',
      }),
    ).toEqual([]);
    const both = await ok(clerk, `query($m: ID!) { matter(id: $m) { ${matterHolds} } }`, {
      m: ids.matterId,
    });
    expect(both.matter).toEqual({
      status: 'ON_HOLD',
      creditHoldReason: 'Fee dispute',
      creditHolds: [
        { source: 'PERSON', placedBy: 'officer-1', reason: 'Fee dispute', breachId: null },
        {
          source: 'CREDIT',
          placedBy: 'system:credit-limit',
          reason: 'Exposure above the limit',
          breachId,
        },
      ],
    });

    const released = await releaseCreditHold(harness.service.deps, credit, {
      clientId: ids.clientId,
    });
    expect(released.map((matter) => [matter.status, matter.credit_hold_reason])).toEqual([
      ['ON_HOLD', 'Fee dispute'],
    ]);
    const stillHeld = await errorOf(
      clerk,
      `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2026-03-02',
          hours: '1.0',
          narrative: 'Call',
        },
      },
    );
    expect(stillHeld.extensions?.code).toBe('CREDIT_HOLD');

    // Credit holds again; the person's release leaves credit's hold in place.
    await placeCreditHold(harness.service.deps, credit, {
      clientId: ids.clientId,
      breachId,
      reason: 'Exposure above the limit',
    });
    const afterPerson = await ok(
      officer,
      `mutation($m: ID!) { releaseMatterCreditHold(matterId: $m, reason: "Settled") { ${matterHolds} } }`,
      { m: ids.matterId },
    );
    expect(afterPerson.releaseMatterCreditHold).toMatchObject({
      status: 'ON_HOLD',
      creditHolds: [{ source: 'CREDIT' }],
    });
    const noPersonHold = await errorOf(
      officer,
      `mutation($m: ID!) { releaseMatterCreditHold(matterId: $m) { id } }`,
      { m: ids.matterId },
    );
    expect(noPersonHold.extensions?.code).toBe('MATTER_NOT_OPEN');
    await releaseCreditHold(harness.service.deps, credit, { clientId: ids.clientId });
    const open = await ok(clerk, `query($m: ID!) { matter(id: $m) { ${matterHolds} } }`, {
      m: ids.matterId,
    });
    expect(open.matter).toEqual({ status: 'OPEN', creditHoldReason: null, creditHolds: [] });
    await recordTime(clerk, ids, '1.0');

    const events = (await eventsOf(collector, 'lexfin.billing.matter.credit_hold.changed.v2', 0))
      .filter((event) => event.data.matterId === ids.matterId)
      .map((event) => [
        event.data.change,
        event.data.source,
        event.data.holds.length,
        event.data.onHold,
      ]);
    expect(events).toEqual([
      ['PLACED', 'PERSON', 1, true],
      ['PLACED', 'CREDIT', 2, true],
      ['RELEASED', 'CREDIT', 1, true],
      ['PLACED', 'CREDIT', 2, true],
      ['RELEASED', 'PERSON', 1, true],
      ['RELEASED', 'CREDIT', 0, false],
    ]);
  });

  it('names the bad field of a hold', async () => {
    const ids = await setUpMatter(clerk);
    const officer = await harness.as({ firmId, roles: ['credit_officer'] });
    const blank = await errorOf(
      officer,
      `mutation($m: ID!) { placeMatterOnCreditHold(matterId: $m, reason: " ") { id } }`,
      { m: ids.matterId },
    );
    expect(blank.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { reason: expect.any(String) },
    });
    const credit = systemCaller({ firmId, work: 'credit-limit', correlationId: randomUUID() });
    await expect(
      placeCreditHold(harness.service.deps, credit, {
        clientId: ids.clientId,
        breachId: 'not-an-id',
        reason: 'Above',
      }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fields: { breachId: expect.any(String) } });
  });
});

describe('time and expenses', () => {
  it('prices time from the rate tables at the entry date: matter over client over standard', async () => {
    const ids = await setUpMatter(clerk);
    const rate = `mutation($input: SetTimekeeperRateInput!) { setTimekeeperRate(input: $input) { id rate { amount } } }`;
    await ok(clerk, rate, {
      input: { timekeeperId: ids.timekeeperId, effectiveFrom: '2026-06-01', rate: usd('350.00') },
    });
    await ok(clerk, rate, {
      input: {
        timekeeperId: ids.timekeeperId,
        clientId: ids.clientId,
        effectiveFrom: '2026-03-01',
        rate: usd('280.00'),
      },
    });
    await ok(clerk, rate, {
      input: {
        timekeeperId: ids.timekeeperId,
        matterId: ids.matterId,
        effectiveFrom: '2026-05-01',
        rate: usd('250.00'),
      },
    });
    const priced = async (date: string) => (await recordTime(clerk, ids, '1.5', date)).rate.amount;
    expect(await priced('2026-02-27')).toBe('300.00');
    expect(await priced('2026-03-01')).toBe('280.00');
    expect(await priced('2026-05-01')).toBe('250.00');
    expect((await recordTime(clerk, ids, '0.3', '2026-07-01')).amount.amount).toBe('75.00');
    const noRate = await errorOf(
      clerk,
      `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2025-12-31',
          hours: '1.0',
          narrative: 'Early',
        },
      },
    );
    expect(noRate.extensions?.code).toBe('NO_RATE');
    const both = await errorOf(clerk, rate, {
      input: {
        timekeeperId: ids.timekeeperId,
        clientId: ids.clientId,
        matterId: ids.matterId,
        effectiveFrom: '2026-01-01',
        rate: usd('1.00'),
      },
    });
    expect(both.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { matterId: expect.any(String) },
    });
  });

  it('validates hours in tenths and UTBMS codes', async () => {
    const ids = await setUpMatter(clerk);
    const error = await errorOf(
      clerk,
      `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          timekeeperId: ids.timekeeperId,
          workDate: '2026-02-30',
          hours: '1.25',
          taskCode: 'X1',
          activityCode: 'B101',
          narrative: 'x',
        },
      },
    );
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual([
      'activityCode',
      'hours',
      'taskCode',
      'workDate',
    ]);
    const expense = await errorOf(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-02',
          expenseCode: 'E125',
          description: 'Copies',
          unitCost: usd('0.10'),
        },
      },
    );
    expect(expense.extensions?.fields).toEqual({ expenseCode: expect.stringContaining('E101') });
  });

  it('allows edits until the work is billed', async () => {
    const ids = await setUpMatter(clerk);
    const entry = await recordTime(clerk, ids, '1.0');
    const edited = await ok(
      clerk,
      `mutation($id: ID!) { updateTimeEntry(input: { timeEntryId: $id, hours: "2.5", narrative: "Review lease and notes" }) { hours amount { amount } billable } }`,
      { id: entry.id },
    );
    expect(edited.updateTimeEntry).toEqual({
      hours: '2.5',
      amount: { amount: '750.00' },
      billable: true,
    });
    const expense = await ok(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id amount { amount } } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-03',
          expenseCode: 'E101',
          description: 'Copies',
          quantity: 120,
          unitCost: usd('0.10'),
        },
      },
    );
    expect(expense.recordExpense.amount.amount).toBe('12.00');
    const unbilled = await ok(
      clerk,
      `query($m: ID!) { unbilledWork(matterId: $m) { fees { amount } expenseTotal { amount } timeEntries { id } expenses { id } } }`,
      { m: ids.matterId },
    );
    expect(unbilled.unbilledWork).toMatchObject({
      fees: { amount: '750.00' },
      expenseTotal: { amount: '12.00' },
    });
    await ok(
      clerk,
      `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id } }`,
      { m: ids.matterId },
    );
    const billed = await errorOf(
      clerk,
      `mutation($id: ID!) { updateTimeEntry(input: { timeEntryId: $id, hours: "3.0" }) { id } }`,
      { id: entry.id },
    );
    expect(billed.extensions?.code).toBe('ALREADY_BILLED');
    const billedExpense = await errorOf(
      clerk,
      `mutation($id: ID!) { updateExpense(input: { expenseId: $id, quantity: 1 }) { id } }`,
      { id: expense.recordExpense.id },
    );
    expect(billedExpense.extensions?.code).toBe('ALREADY_BILLED');
    const after = await ok(
      clerk,
      `query($m: ID!) { unbilledWork(matterId: $m) { fees { amount } timeEntries { id } } }`,
      { m: ids.matterId },
    );
    expect(after.unbilledWork).toEqual({ fees: { amount: '0.00' }, timeEntries: [] });
  });

  it('publishes every edit and deletion of unbilled work, and deletes only unbilled work', async () => {
    const ids = await setUpMatter(clerk);
    const entry = await recordTime(clerk, ids, '1.0');
    await ok(
      clerk,
      `mutation($id: ID!) { updateTimeEntry(input: { timeEntryId: $id, hours: "0.5", billable: false }) { id } }`,
      { id: entry.id },
    );
    const expense = await ok(
      clerk,
      `mutation($input: ExpenseInput!) { recordExpense(input: $input) { id } }`,
      {
        input: {
          matterId: ids.matterId,
          incurredOn: '2026-03-03',
          expenseCode: 'E101',
          description: 'Copies',
          quantity: 10,
          unitCost: usd('0.10'),
        },
      },
    );
    const expenseId = expense.recordExpense.id;
    await ok(
      clerk,
      `mutation($id: ID!) { updateExpense(input: { expenseId: $id, quantity: 20 }) { id } }`,
      {
        id: expenseId,
      },
    );
    const deleted = await ok(
      clerk,
      `mutation($t: ID!, $e: ID!) { deleteTimeEntry(timeEntryId: $t) deleteExpense(expenseId: $e) }`,
      { t: entry.id, e: expenseId },
    );
    expect(deleted).toEqual({ deleteTimeEntry: entry.id, deleteExpense: expenseId });
    const unbilled = await ok(
      clerk,
      `query($m: ID!) { unbilledWork(matterId: $m) { timeEntries { id } expenses { id } } }`,
      { m: ids.matterId },
    );
    expect(unbilled.unbilledWork).toEqual({ timeEntries: [], expenses: [] });

    const timeUpdated = await eventAbout(
      collector,
      'lexfin.billing.time_entry.updated.v1',
      entry.id,
    );
    expect(timeUpdated?.data).toMatchObject({
      timeEntryId: entry.id,
      hours: '0.5',
      amount: usd('150.00'),
      billable: false,
    });
    const expenseUpdated = await eventAbout(
      collector,
      'lexfin.billing.expense.updated.v1',
      expenseId,
    );
    expect(expenseUpdated?.data).toMatchObject({ expenseId, amount: usd('2.00') });
    const timeDeleted = await eventAbout(
      collector,
      'lexfin.billing.time_entry.deleted.v1',
      entry.id,
    );
    expect(timeDeleted?.data).toEqual({
      timeEntryId: entry.id,
      matterId: ids.matterId,
      clientId: ids.clientId,
      amount: usd('150.00'),
      billable: false,
    });
    const expenseDeleted = await eventAbout(
      collector,
      'lexfin.billing.expense.deleted.v1',
      expenseId,
    );
    expect(expenseDeleted?.data).toMatchObject({ expenseId, amount: usd('2.00'), billable: true });

    const again = await errorOf(clerk, `mutation($t: ID!) { deleteTimeEntry(timeEntryId: $t) }`, {
      t: entry.id,
    });
    expect(again.extensions?.code).toBe('NOT_FOUND');
    const bad = await errorOf(clerk, `mutation { deleteExpense(expenseId: "nope") }`);
    expect(bad.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { expenseId: expect.any(String) },
    });

    const billed = await recordTime(clerk, ids, '1.0');
    const draft = await ok(
      clerk,
      `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id } }`,
      { m: ids.matterId },
    );
    const onInvoice = await errorOf(
      clerk,
      `mutation($t: ID!) { deleteTimeEntry(timeEntryId: $t) }`,
      {
        t: billed.id,
      },
    );
    expect(onInvoice.extensions?.code).toBe('ALREADY_BILLED');
    await ok(
      clerk,
      `mutation($id: ID!) { voidInvoice(invoiceId: $id, reason: "Wrong period", idempotencyKey: "void-draft") { id } }`,
      { id: draft.generateDraftInvoice.id },
    );
    const listedOnVoid = await errorOf(
      clerk,
      `mutation($t: ID!) { deleteTimeEntry(timeEntryId: $t) }`,
      {
        t: billed.id,
      },
    );
    expect(listedOnVoid.extensions?.code).toBe('ALREADY_BILLED');
    const officer = await harness.as({ firmId, roles: ['credit_officer'] });
    const forbidden = await errorOf(
      officer,
      `mutation($t: ID!) { deleteTimeEntry(timeEntryId: $t) }`,
      {
        t: billed.id,
      },
    );
    expect(forbidden.extensions?.code).toBe('FORBIDDEN');
  });
});
