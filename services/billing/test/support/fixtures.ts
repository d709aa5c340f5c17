import type { GraphQLClient, GraphQLResponse, MessageCollector } from '@lexfin/testing';

/** Fails the test with the GraphQL errors when a request did not succeed. */
// The tests check the shape of each answer with assertions; a static type would only repeat them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ok<T = Record<string, any>>(
  client: GraphQLClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await client.request<T>(query, variables);
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The error code of a request expected to fail. */
export async function errorOf(
  client: GraphQLClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<NonNullable<GraphQLResponse<unknown>['errors']>[number]> {
  const response = await client.request(query, variables);
  const error = response.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return error;
}

export const usd = (amount: string) => ({ amount, currency: 'USD' });

export const INVOICE_FIELDS = `id invoiceNumber status invoiceDate dueDate
  total { amount } paid { amount } credited { amount } writtenOff { amount } lateFees { amount } openAmount { amount }
  lines { id lineNumber kind description units amount { amount } adjustment { amount } taskCode activityCode expenseCode }`;

/** The practice area setUpMatter opens its matters in; the harness adds it to every firm. */
export const SEEDED_PRACTICE_AREA = 'Real estate';

/** Adds SEEDED_PRACTICE_AREA to the firm, as its firm_admin. */
export async function addSeededPracticeArea(admin: GraphQLClient): Promise<void> {
  await ok(admin, `mutation { addPracticeArea(name: "${SEEDED_PRACTICE_AREA}") { id } }`);
}

/** The id of SEEDED_PRACTICE_AREA. */
export async function practiceAreaId(client: GraphQLClient): Promise<string> {
  const { practiceAreas } = await ok(client, `{ practiceAreas { id name } }`);
  return practiceAreas.find((area: { name: string }) => area.name === SEEDED_PRACTICE_AREA).id;
}

/**
 * A client, a timekeeper at 300.00/h who is the responsible partner, and an hourly matter on net
 * 30: the usual starting point.
 */
export async function setUpMatter(
  client: GraphQLClient,
  matter: Record<string, unknown> = {},
): Promise<{ clientId: string; matterId: string; timekeeperId: string }> {
  const created = await ok(
    client,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
    {
      input: {
        displayName: 'Harbour & Finch LLP',
        kind: 'ORGANISATION',
        timeZone: 'America/New_York',
        currency: 'USD',
        billingContactName: 'Ada Finch',
      },
    },
  );
  const clientId = created.createClient.id as string;
  const keeper = await ok(
    client,
    `mutation { createTimekeeper(input: { name: "Arnsley, Robert", classification: PARTNR }) { id } }`,
  );
  const timekeeperId = keeper.createTimekeeper.id as string;
  const opened = await ok(
    client,
    `mutation($input: OpenMatterInput!) { openMatter(input: $input) { id } }`,
    {
      input: {
        clientId,
        matterNumber: `M-${Math.random().toString(36).slice(2, 10)}`,
        description: 'Lease dispute',
        responsiblePartnerId: timekeeperId,
        practiceAreaId: await practiceAreaId(client),
        billingArrangement: 'HOURLY',
        paymentTermsDays: 30,
        ...matter,
      },
    },
  );
  await ok(
    client,
    `mutation($input: SetTimekeeperRateInput!) { setTimekeeperRate(input: $input) { id } }`,
    {
      input: { timekeeperId, effectiveFrom: '2026-01-01', rate: usd('300.00') },
    },
  );
  return { clientId, matterId: opened.openMatter.id as string, timekeeperId };
}

export async function recordTime(
  client: GraphQLClient,
  ids: { matterId: string; timekeeperId: string },
  hours: string,
  workDate = '2026-03-02',
) {
  const data = await ok(
    client,
    `mutation($input: TimeEntryInput!) { recordTimeEntry(input: $input) { id amount { amount } rate { amount } } }`,
    {
      input: {
        matterId: ids.matterId,
        timekeeperId: ids.timekeeperId,
        workDate,
        hours,
        taskCode: 'L110',
        activityCode: 'A101',
        narrative: 'Review lease',
      },
    },
  );
  return data.recordTimeEntry as {
    id: string;
    amount: { amount: string };
    rate: { amount: string };
  };
}

/** Drafts and issues an invoice of the matter's March work; returns it. */
export async function issuedInvoice(
  client: GraphQLClient,
  matterId: string,
  invoiceDate = '2026-04-01',
) {
  const draft = await ok(
    client,
    `mutation($m: ID!) { generateDraftInvoice(matterId: $m, periodStart: "2026-03-01", periodEnd: "2026-03-31") { id } }`,
    { m: matterId },
  );
  const issued = await ok(
    client,
    `mutation($id: ID!, $d: String, $k: String!) { issueInvoice(invoiceId: $id, invoiceDate: $d, idempotencyKey: $k) { ${INVOICE_FIELDS} } }`,
    {
      id: draft.generateDraftInvoice.id,
      d: invoiceDate,
      k: `issue-${draft.generateDraftInvoice.id}`,
    },
  );
  return issued.issueInvoice;
}

/**
 * The collected events of one type, once `count` arrived (or after 30 s, the collector's own
 * limit, to fail on the count): a consumer group rejoining under load can hold delivery that long.
 */
export async function eventsOf(collector: MessageCollector, type: string, count: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = collector.messages
      .map((message) => JSON.parse(message.value!.toString()))
      .filter((event) => event.type === type);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first event of a type about one subject, waiting for it as eventsOf does. */
export async function eventAbout(collector: MessageCollector, type: string, subject: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const event = (await eventsOf(collector, type, 0)).find(
      (candidate) => candidate.subject === subject,
    );
    if (event || Date.now() > deadline) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
