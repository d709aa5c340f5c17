import { randomUUID } from 'node:crypto';
import type { Role } from '@lexfin/platform';
import {
  mintToken,
  startSmtpServer,
  type GraphQLClient,
  type TestSmtpServer,
} from '@lexfin/testing';
import { addDays } from '../src/domain/calendar';
import { BillingFacts } from './billing-facts';
import { startCollectionsHarness, type CollectionsHarness } from './harness';

let harness: CollectionsHarness;
let smtp: TestSmtpServer;
const firmId = randomUUID();

beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startCollectionsHarness({ smtpUrl: smtp.url, start: '2026-01-20T15:00:00Z' });
  await harness.seed(firmId, [new BillingFacts(firmId).firmSettings()]);
});

afterAll(async () => {
  await harness.close();
  await smtp.close();
});

/** 10:00 in New York. */
const tenAm = (date: string) => new Date(`${date}T15:00:00Z`);
const usd = (amount: string) => ({ amount, currency: 'USD' });

const stagesOf = (invoiceId: string) => harness.stagesOf(firmId, invoiceId);
const eventsOf = (type: string) => harness.eventsOf(firmId, type);

async function casesOf(clientId: string) {
  return harness.database.owner.db
    .selectFrom('collection_cases')
    .select(['id', 'status', 'opened_at', 'ended_by'])
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .orderBy('opened_at')
    .execute();
}

async function openCaseOf(clientId: string) {
  return (await casesOf(clientId)).find((found) => found.status !== 'CLOSED')!.id;
}

const as = (roles: Role[], userId: string) => harness.as(firmId, roles, userId);

async function send(client: GraphQLClient, query: string, variables: Record<string, unknown>) {
  return client.request<Record<string, Record<string, unknown>>>(query, variables);
}

async function ok(client: GraphQLClient, query: string, variables: Record<string, unknown>) {
  const response = await send(client, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

async function download(
  path: string,
  roles: Role[] = ['collections_agent'],
  firm = firmId,
  clientId?: string,
) {
  const token = await mintToken({ firmId: firm, roles, clientId });
  return fetch(`${harness.url.replace('/graphql', '')}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

const mailsTo = (email: string) => smtp.received().filter((mail) => mail.to.includes(email));

const HAND_OFF = `mutation ($caseId: ID!, $key: String!) {
  handOffToAgency(caseId: $caseId, agency: "Pacific Recovery Inc.", idempotencyKey: $key) { id handedOn }
}`;

it('hands a case to an agency only after the fee-arbitration wait, stops our contacts, recalls it; writes off on a second partner; ends a case', async () => {
  const partner = await as(['partner'], 'partner-quinn');
  const agentAndPartner = await as(['collections_agent', 'partner'], 'partner-pat');
  const agent = await as(['collections_agent'], 'agent-ada');

  // A California client: the notice of the right to fee arbitration is a mandatory step.
  const caEmail = `ca-${randomUUID().slice(0, 8)}@client.test`;
  const ca = new BillingFacts(firmId, { email: caEmail, region: 'US-CA' });
  const caFirst = ca.invoice('1000.00', '2026-01-05', '2026-02-04');
  // Due 15 May: its formal notice would go on 30 May, while the case is with the agency.
  const caSecond = ca.invoice('250.00', '2026-04-15', '2026-05-15');
  await harness.seed(firmId, [ca.client(), ca.matter(), caFirst.event]);

  const woEmail = `wo-${randomUUID().slice(0, 8)}@client.test`;
  const wo = new BillingFacts(firmId, { email: woEmail });
  const woOlder = wo.invoice('600.00', '2026-01-05', '2026-02-04');
  const woNewer = wo.invoice('500.00', '2026-02-02', '2026-03-04');
  await harness.seed(firmId, [wo.client(), wo.matter(), woOlder.event, woNewer.event]);

  const endEmail = `end-${randomUUID().slice(0, 8)}@client.test`;
  const ended = new BillingFacts(firmId, { email: endEmail });
  const endFirst = ended.invoice('1000.00', '2026-01-05', '2026-02-04');
  const endLater = ended.invoice('200.00', '2026-03-16', '2026-04-15');
  await harness.seed(firmId, [ended.client(), ended.matter(), endFirst.event]);

  // A New York client (no fee-arbitration notice) who settles with the agency, then owes again.
  const paid = new BillingFacts(firmId, { email: `paid-${randomUUID().slice(0, 8)}@client.test` });
  const paidFirst = paid.invoice('400.00', '2026-01-05', '2026-02-04');
  const paidNext = paid.invoice('300.00', '2026-03-25', '2026-04-24');
  await harness.seed(firmId, [paid.client(), paid.matter(), paidFirst.event]);

  const seen: Record<string, Awaited<ReturnType<typeof send>>> = {};
  let recommendationId = '';
  const file: {
    statusBefore?: number;
    json?: unknown;
    csv?: string;
    contacts?: string;
    refused?: number[];
  } = {};
  const mailCount: Record<string, number> = {};
  const happenings: Record<string, () => Promise<unknown>> = {
    // Before the notice: refused, naming the matter without one.
    '2026-04-10': async () => {
      seen.noNotice = await send(partner, HAND_OFF, {
        caseId: await openCaseOf(ca.clientId),
        key: 'h-1',
      });
    },
    '2026-04-15': () => harness.seed(firmId, [caSecond.event]),
    // The notice went by letter on 20 April and reached the client on the 25th: the client's
    // 30 days run to 25 May, the hand-off is allowed from the 26th.
    '2026-05-25': async () => {
      const caseId = await openCaseOf(ca.clientId);
      seen.waiting = await send(partner, HAND_OFF, { caseId, key: 'h-2' });
      file.statusBefore = (await download(`/cases/${caseId}/agency-file.json`)).status;
    },
    '2026-05-26': async () => {
      const caseId = await openCaseOf(ca.clientId);
      seen.agentHandOff = await send(agent, HAND_OFF, { caseId, key: 'h-3' });
      seen.handedOff = await send(partner, HAND_OFF, { caseId, key: 'h-4' });
      mailCount.handedOff = mailsTo(caEmail).length;
    },
    '2026-05-27': async () => {
      const caseId = await openCaseOf(ca.clientId);
      file.json = await (await download(`/cases/${caseId}/agency-file.json`, ['partner'])).json();
      file.csv = await (await download(`/cases/${caseId}/agency-file.csv`)).text();
      file.contacts = await (
        await download(`/cases/${caseId}/agency-file.csv?part=contacts`)
      ).text();
      const path = `/cases/${caseId}/agency-file.json`;
      file.refused = [
        (await download(path, ['billing_clerk'])).status,
        (await download(path, ['client_portal'], firmId, ca.clientId)).status,
        (await download(path, ['partner'], randomUUID())).status,
      ];
      // The same key again: the first answer, no second hand-off.
      seen.handedOffAgain = await send(partner, HAND_OFF, { caseId, key: 'h-4' });
    },
    '2026-06-09': async () => {
      mailCount.beforeRecall = mailsTo(caEmail).length;
    },
    '2026-06-10': () =>
      openCaseOf(ca.clientId).then((caseId) =>
        ok(
          partner,
          `mutation ($caseId: ID!) {
            recallFromAgency(caseId: $caseId, reason: "Client called to pay", idempotencyKey: "r-1") { recalledBy }
          }`,
          { caseId },
        ),
      ),

    '2026-03-09': async () => {
      seen.paidHandOff = await send(partner, HAND_OFF, {
        caseId: await openCaseOf(paid.clientId),
        key: 'h-paid',
      });
    },
    '2026-03-20': () =>
      harness.seed(firmId, [paid.payment(paidFirst.invoiceId, '400.00', '2026-03-20')]),
    '2026-03-25': () => harness.seed(firmId, [paidNext.event]),

    // A write-off of the whole 1,100.00, oldest invoice first, approved by another partner.
    '2026-03-10': async () => {
      const caseId = await openCaseOf(wo.clientId);
      const recommend = (amount: string, key: string) =>
        send(
          agentAndPartner,
          `mutation ($caseId: ID!, $amount: MoneyInput!, $key: String!) {
            recommendWriteOff(caseId: $caseId, amount: $amount, reason: "Client insolvent", idempotencyKey: $key) {
              id amount { amount } items { invoiceId amount { amount } } recommendedBy approvedBy
            }
          }`,
          { caseId, amount: usd(amount), key },
        );
      seen.tooMuch = await recommend('1100.01', 'w-1');
      seen.recommended = await recommend('1100.00', 'w-2');
      recommendationId = seen.recommended.data!.recommendWriteOff!.id as string;
      const approve = (client: GraphQLClient, key: string) =>
        send(
          client,
          `mutation ($id: ID!, $key: String!) {
            approveWriteOff(recommendationId: $id, idempotencyKey: $key) { approvedBy }
          }`,
          { id: recommendationId, key },
        );
      seen.selfApproval = await approve(agentAndPartner, 'a-1');
      seen.approved = await approve(partner, 'a-2');
      seen.approvedAgain = await approve(partner, 'a-2');
    },
    // Billing's consumer writes both invoices off on the approval (billing's own test shows it);
    // its written-off events come back to the replica.
    '2026-03-11': () =>
      harness.seed(firmId, [
        wo.writeOff(woOlder.invoiceId, '600.00', '0.00', '2026-03-11'),
        wo.writeOff(woNewer.invoiceId, '500.00', '0.00', '2026-03-11'),
      ]),

    // A partner ends the case the day after its partner review; a new invoice falls due later.
    '2026-03-16': () => harness.seed(firmId, [endLater.event]),
    '2026-03-22': async () => {
      const caseId = await openCaseOf(ended.clientId);
      const close = (client: GraphQLClient) =>
        send(
          client,
          `mutation ($caseId: ID!) {
            closeCase(caseId: $caseId, reason: "Settling the fee with the client in person", idempotencyKey: "c-1") { endedBy invoiceIds }
          }`,
          { caseId },
        );
      seen.agentClose = await close(agent);
      seen.closed = await close(partner);
    },
  };
  for (let day = 0; day <= 143; day += 1) {
    const date = addDays('2026-01-20', day);
    harness.clock.set(tenAm(date));
    await happenings[date]?.();
    await harness.sweep();
  }

  // --- Agency hand-off ---
  expect(seen.noNotice!.errors?.[0]?.extensions).toMatchObject({
    code: 'AGENCY_HANDOFF_NOT_ALLOWED',
    blocks: [{ reason: 'NOTICE_NOT_DELIVERED', matterId: ca.matterId }],
  });
  expect(seen.waiting!.errors?.[0]?.extensions).toMatchObject({
    code: 'AGENCY_HANDOFF_NOT_ALLOWED',
    blocks: [{ reason: 'ARBITRATION_WAIT', matterId: ca.matterId, allowedFrom: '2026-05-26' }],
  });
  // No agency file while the case is not with an agency; none for a billing clerk or the client,
  // and another firm does not find the case.
  expect(file.statusBefore).toBe(409);
  expect(file.refused).toEqual([403, 403, 404]);
  // The ladder's hand-off stage names a partner: an agent may not hand it over.
  expect(seen.agentHandOff!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(seen.handedOff!.errors).toBeUndefined();
  expect(seen.handedOff!.data!.handOffToAgency).toMatchObject({ handedOn: '2026-05-26' });
  expect(seen.handedOffAgain!.data).toEqual(seen.handedOff!.data);
  const handedOff = await eventsOf('lexfin.collections.case.handed_off.v1');
  expect(handedOff.filter((event) => event.clientId === ca.clientId)).toEqual([
    expect.objectContaining({
      agency: 'Pacific Recovery Inc.',
      handedOn: '2026-05-26',
      items: [
        { invoiceId: caFirst.invoiceId, matterId: ca.matterId, amount: usd('1000.00') },
        { invoiceId: caSecond.invoiceId, matterId: ca.matterId, amount: usd('250.00') },
      ],
    }),
  ]);
  // The agency's file: both open invoices with what they were and are, the contact log, the
  // notice's delivery; as JSON, and as CSV files an agency imports (one row per invoice).
  expect(file.json).toMatchObject({
    agency: 'Pacific Recovery Inc.',
    handedOn: '2026-05-26',
    client: { id: ca.clientId, name: 'Avery Client', email: caEmail },
    invoices: [
      {
        invoiceNumber: caFirst.invoiceNumber,
        issuedOn: '2026-01-05',
        dueOn: '2026-02-04',
        original: usd('1000.00'),
        open: usd('1000.00'),
        feeArbitrationNoticeDeliveredOn: '2026-04-25',
      },
      {
        invoiceNumber: caSecond.invoiceNumber,
        issuedOn: '2026-04-15',
        dueOn: '2026-05-15',
        original: usd('250.00'),
        open: usd('250.00'),
      },
    ],
    feeArbitration: [{ matterId: ca.matterId, noticeDeliveredOn: '2026-04-25' }],
  });
  const json = file.json as { contacts: { stage: string | null; channel: string }[] };
  expect(json.contacts.map((contact) => `${contact.stage} ${contact.channel}`)).toEqual([
    'PRE_DUE_REMINDER EMAIL',
    'FRIENDLY_REMINDER EMAIL',
    'FORMAL_NOTICE EMAIL',
    'FINAL_NOTICE LETTER',
    'FEE_ARBITRATION_NOTICE LETTER',
    'PRE_DUE_REMINDER EMAIL',
    'FRIENDLY_REMINDER EMAIL',
  ]);
  const rows = file.csv!.trim().split('\r\n');
  expect(rows[0]).toBe(
    'case_id,agency,handed_on,client_id,client,email,phone,address_line1,address_line2,city,region,postal_code,country,matter_number,invoice_number,issued_on,due_on,currency,original_amount,open_amount,fee_arbitration_notice_delivered_on',
  );
  expect(rows.slice(1).map((row) => row.split(',').slice(7, 13))).toEqual([
    ['1 Main Street', '', 'San Francisco', 'US-CA', '10001', 'US'],
    ['1 Main Street', '', 'San Francisco', 'US-CA', '10001', 'US'],
  ]);
  expect(rows.slice(1).map((row) => row.split(',').slice(14))).toEqual([
    [caFirst.invoiceNumber, '2026-01-05', '2026-02-04', 'USD', '1000.00', '1000.00', '2026-04-25'],
    [caSecond.invoiceNumber, '2026-04-15', '2026-05-15', 'USD', '250.00', '250.00', '2026-04-25'],
  ]);
  expect(file.contacts!.split('\r\n')[0]).toBe('at,channel,outcome,stage,invoice_numbers');
  expect(file.contacts!.trim().split('\r\n')).toHaveLength(1 + json.contacts.length);

  // Nothing from us while the agency has it (the second invoice's formal notice was due on 30
  // May); after the recall on 10 June the ladder resumes: that notice, then the hand-off stage.
  expect(mailCount.beforeRecall).toBe(mailCount.handedOff);
  expect(mailsTo(caEmail)).toHaveLength(mailCount.handedOff! + 1);
  const contacts = await harness.database.owner.db
    .selectFrom('contact_log')
    .select('at')
    .where('client_id', '=', ca.clientId)
    .where('at', '>=', tenAm('2026-05-26'))
    .execute();
  expect(contacts.map((contact) => contact.at.toISOString().slice(0, 10))).toEqual(['2026-06-10']);
  expect((await stagesOf(caSecond.invoiceId)).slice(-1)).toEqual(['2026-06-10 FORMAL_NOTICE']);
  expect((await stagesOf(caFirst.invoiceId)).slice(-3)).toEqual([
    '2026-04-05 FINAL_NOTICE',
    '2026-04-20 FEE_ARBITRATION_NOTICE',
    '2026-06-11 AGENCY_HANDOFF',
  ]);
  expect(await eventsOf('lexfin.collections.case.recalled.v1')).toEqual([
    expect.objectContaining({ clientId: ca.clientId, recalledBy: 'partner-quinn' }),
  ]);

  // Settled while with the agency: the case closed, and the client's next past-due invoice gets
  // the ladder again (the old hand-off belongs to the closed case).
  expect(seen.paidHandOff!.errors).toBeUndefined();
  expect((await stagesOf(paidFirst.invoiceId)).filter((stage) => stage > '2026-03-09')).toEqual([]);
  expect((await stagesOf(paidNext.invoiceId)).slice(0, 2)).toEqual([
    '2026-04-21 PRE_DUE_REMINDER',
    '2026-04-25 FRIENDLY_REMINDER',
  ]);
  expect((await casesOf(paid.clientId)).map((found) => found.status)).toEqual(['CLOSED', 'OPEN']);

  // --- Write-off ---
  expect(seen.tooMuch!.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fields: { 'amount.amount': expect.stringMatching(/at most what is open/) },
  });
  expect(seen.recommended!.data!.recommendWriteOff).toEqual({
    id: recommendationId,
    amount: { amount: '1100.00' },
    items: [
      { invoiceId: woOlder.invoiceId, amount: { amount: '600.00' } },
      { invoiceId: woNewer.invoiceId, amount: { amount: '500.00' } },
    ],
    recommendedBy: 'partner-pat',
    approvedBy: null,
  });
  expect(seen.selfApproval!.errors?.[0]?.extensions).toMatchObject({
    code: 'SELF_APPROVAL_FORBIDDEN',
    recommendedBy: 'partner-pat',
  });
  expect(seen.approved!.data!.approveWriteOff).toEqual({ approvedBy: 'partner-quinn' });
  expect(seen.approvedAgain!.data).toEqual(seen.approved!.data);
  expect(await eventsOf('lexfin.collections.write_off.approved.v1')).toEqual([
    expect.objectContaining({
      recommendationId,
      items: [
        { invoiceId: woOlder.invoiceId, matterId: wo.matterId, amount: usd('600.00') },
        { invoiceId: woNewer.invoiceId, matterId: wo.matterId, amount: usd('500.00') },
      ],
      recommendedBy: 'partner-pat',
      approvedBy: 'partner-quinn',
    }),
  ]);
  // Written off in billing, the case closed the same day and took no step after.
  expect((await casesOf(wo.clientId)).map((found) => found.status)).toEqual(['CLOSED']);
  expect((await stagesOf(woNewer.invoiceId)).filter((stage) => stage > '2026-03-11')).toEqual([]);

  // --- A partner ends a case ---
  expect(seen.agentClose!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(seen.closed!.data!.closeCase).toEqual({
    endedBy: 'partner-quinn',
    invoiceIds: [endFirst.invoiceId],
  });
  // No step for the ended invoice until the new one fell due (15 April): the case reopened
  // with both, the new one's friendly reminder first, then the final notice due since 5 April.
  expect(await stagesOf(endFirst.invoiceId)).toEqual([
    '2026-02-01 PRE_DUE_REMINDER',
    '2026-02-05 FRIENDLY_REMINDER',
    '2026-02-19 FORMAL_NOTICE',
    '2026-03-06 CALL_TASK',
    '2026-03-21 PARTNER_REVIEW',
    '2026-04-17 FINAL_NOTICE',
    '2026-06-04 AGENCY_HANDOFF',
  ]);
  expect((await stagesOf(endLater.invoiceId)).slice(0, 2)).toEqual([
    '2026-04-12 PRE_DUE_REMINDER',
    '2026-04-16 FRIENDLY_REMINDER',
  ]);
  expect((await casesOf(ended.clientId)).map((found) => [found.status, found.ended_by])).toEqual([
    ['CLOSED', 'partner-quinn'],
    ['OPEN', null],
  ]);
}, 900_000);
