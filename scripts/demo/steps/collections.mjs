/**
 * Collections: the overdue invoices billing issued are in collection on their own (collections
 * reads billing's events); here the firm's collections agent logs the calls and letters of the
 * first weeks and a partner notes a case.
 */
import { eventually } from '../graphql.mjs';

export async function collectionsStep({ as, say, demo }) {
  const agent = as('collections_agent');
  const overdue = demo.invoices.filter((invoice) => invoice.issued && invoice.month <= 3);
  // Collections knows an invoice once billing's events about it have arrived.
  const cases = await eventually(async () => {
    const { collectionCases } = await agent('{ collectionCases(first: 100) { id client { id } } }');
    if (collectionCases.length === 0)
      throw new Error('collections has no case yet for the overdue invoices');
    return collectionCases;
  });
  const clients = [...new Set(overdue.map((invoice) => invoice.matter.clientId))];
  const outcomes = ['CONVERSATION', 'VOICEMAIL', 'NO_ANSWER'];
  for (const [index, clientId] of clients.entries()) {
    await agent(
      `mutation($c: ID!, $outcome: LoggedContactOutcome!, $k: String!) { logCollectionContact(clientId: $c, channel: CALL, outcome: $outcome, note: "Reminder call about the overdue invoices", idempotencyKey: $k) { id } }`,
      { c: clientId, outcome: outcomes[index % outcomes.length], k: `demo-contact-${index}` },
    );
  }
  await agent(
    `mutation($id: ID!, $k: String!) { addCaseNote(caseId: $id, body: "Client asked for copies of the invoices; sent by email.", idempotencyKey: $k) { id } }`,
    {
      id: cases[0].id,
      k: 'demo-case-note-1',
    },
  );
  say(
    `collections: overdue invoices in collection (${cases.length} case(s) so far), ${clients.length} calls logged, a case note`,
  );
}
