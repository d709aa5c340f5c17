import type { OpsIo } from '../io';

interface Check {
  name: string;
  query: string;
  /** What the check found wrong; empty when consistent. */
  problems(data: Record<string, unknown>): string[];
  summary(data: Record<string, unknown>): string;
}

const checks: Check[] = [
  {
    name: 'credit-assessment: profiles against their facts',
    query: '{ creditConsistencyCheck { clientsChecked inconsistent { clientId differences } } }',
    problems: (d) =>
      (
        d.creditConsistencyCheck as { inconsistent: { clientId: string; differences: string[] }[] }
      ).inconsistent.map((c) => `client ${c.clientId}: ${c.differences.join('; ')}`),
    summary: (d) =>
      `${(d.creditConsistencyCheck as { clientsChecked: number }).clientsChecked} clients checked`,
  },
  {
    name: "collections: open amounts against billing's",
    query:
      '{ collectionsConsistencyCheck { invoicesChecked differences { invoiceId invoiceNumber eventType statedAt } } }',
    problems: (d) =>
      (
        d.collectionsConsistencyCheck as {
          differences: { invoiceNumber: string; invoiceId: string; eventType: string }[];
        }
      ).differences.map(
        (x) => `invoice ${x.invoiceNumber} (${x.invoiceId}) differs since ${x.eventType}`,
      ),
    summary: (d) =>
      `${(d.collectionsConsistencyCheck as { invoicesChecked: number }).invoicesChecked} invoices checked`,
  },
];

const trustAccounts = '{ trustAccounts { id name } }';
const verifyJournal = `query ($id: ID!) {
  verifyTrustJournal(trustAccountId: $id) { valid entriesChecked firstBadEntryId problem }
}`;

/**
 * `ops consistency`: the services' own consistency checks, through the gateway with the caller's
 * token (one firm): credit profiles against their facts, collections' open amounts against
 * billing's, each trust account's hash-chained journal.
 */
export async function consistency(
  io: OpsIo,
  options: { gateway: string; token?: string },
): Promise<number> {
  const token = options.token ?? io.env.LEXFIN_TOKEN;
  if (!token) {
    io.out(
      'give a token of the firm to check: --token or LEXFIN_TOKEN (roles ops and trust reader)',
    );
    return 2;
  }
  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    graphql(options.gateway, token, query, variables);
  let failed = false;
  const report = (name: string, problems: string[], summary: string) => {
    failed ||= problems.length > 0;
    io.out(`${problems.length === 0 ? 'OK  ' : 'FAIL'}  ${name}: ${summary}`);
    for (const problem of problems) io.out(`      ${problem}`);
  };
  for (const check of checks) {
    const answer = await ask(check.query);
    if ('error' in answer) report(check.name, [answer.error], 'not run');
    else report(check.name, check.problems(answer.data), check.summary(answer.data));
  }
  const accounts = await ask(trustAccounts);
  if ('error' in accounts) {
    report('trust-accounting: journals', [accounts.error], 'not run');
  } else {
    for (const account of accounts.data.trustAccounts as { id: string; name: string }[]) {
      const answer = await ask(verifyJournal, { id: account.id });
      const name = `trust-accounting: journal of ${account.name}`;
      if ('error' in answer) {
        report(name, [answer.error], 'not run');
        continue;
      }
      const v = answer.data.verifyTrustJournal as {
        valid: boolean;
        entriesChecked: number;
        firstBadEntryId: string | null;
        problem: string | null;
      };
      const problems = v.valid ? [] : [`entry ${v.firstBadEntryId}: ${v.problem}`];
      report(name, problems, `${v.entriesChecked} entries checked`);
    }
  }
  return failed ? 1 : 0;
}

type Answer = { data: Record<string, unknown> } | { error: string };

async function graphql(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error) return { error: `${error.extensions?.code ?? 'ERROR'}: ${error.message}` };
    if (!body.data) return { error: `HTTP ${response.status}` };
    return { data: body.data };
  } catch (error) {
    return { error: `${url} unreachable: ${(error as Error).message}` };
  }
}
