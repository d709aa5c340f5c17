import { sql } from 'kysely';
import { defineCheck } from './check';
import { rows } from './sql';

interface InvoiceOpen {
  id: string;
  open: string;
}

const billingOpenAmounts = async (platform: Parameters<typeof rows>[0]) =>
  new Map(
    (
      await rows<InvoiceOpen>(
        platform,
        'billing',
        sql`select id::text, open_minor::text as open from invoices where status <> 'DRAFT'`,
      )
    ).map((invoice) => [invoice.id, invoice.open]),
  );

/** Trust's replicas of billing's clients, matters and issued invoices equal their source. */
export const trustReplicas = defineCheck(
  'trust replicas equal billing (clients, matters, invoices)',
  async ({ platform }, fail) => {
    const [billingClients, billingMatters, trustClients, trustMatters] = await Promise.all([
      rows<{ id: string }>(platform, 'billing', sql`select id::text from clients`),
      rows<{ id: string }>(platform, 'billing', sql`select id::text from matters`),
      rows<{ id: string }>(
        platform,
        'trust-accounting',
        sql`select client_id::text as id from clients`,
      ),
      rows<{ id: string }>(
        platform,
        'trust-accounting',
        sql`select matter_id::text as id from matters`,
      ),
    ]);
    const trustClientIds = new Set(trustClients.map((row) => row.id));
    const trustMatterIds = new Set(trustMatters.map((row) => row.id));
    for (const client of billingClients)
      if (!trustClientIds.has(client.id)) fail(`client ${client.id} is missing from trust`);
    for (const matter of billingMatters)
      if (!trustMatterIds.has(matter.id)) fail(`matter ${matter.id} is missing from trust`);
    const billing = await billingOpenAmounts(platform);
    const replica = await rows<InvoiceOpen & { unapplied: string }>(
      platform,
      'trust-accounting',
      sql`select invoice_id::text as id, billing_open_minor::text as open, unapplied_transfers_minor::text as unapplied from invoices`,
    );
    const replicated = new Map(replica.map((invoice) => [invoice.id, invoice]));
    for (const [id, open] of billing) {
      const copy = replicated.get(id);
      if (!copy) fail(`invoice ${id} is missing from trust`);
      else if (copy.open !== open)
        fail(`invoice ${id}: billing has ${open} open, trust's replica ${copy.open}`);
      else if (copy.unapplied !== '0')
        fail(`invoice ${id}: trust still waits for ${copy.unapplied} of transfers to be applied`);
    }
    return billingClients.length + billingMatters.length + billing.size;
  },
);

/**
 * Credit: every profile equals a recompute from its facts (credit's own consistency check), and
 * billing's record of each breach matches credit's (open or restored).
 */
export const creditAgrees = defineCheck(
  'credit profiles recompute; breaches match billing',
  async ({ platform, firms }, fail) => {
    let examined = 0;
    for (const firm of firms) {
      const { creditConsistencyCheck: report } = await firm.frontEnd.read(
        `{ creditConsistencyCheck { clientsChecked inconsistent { clientId differences } } }`,
      );
      examined += report.clientsChecked;
      for (const client of report.inconsistent)
        fail(`credit profile of client ${client.clientId}: ${client.differences.join('; ')}`);
    }
    const breaches = await rows<{ breach_id: string; open: boolean }>(
      platform,
      'credit-assessment',
      sql`select breach_id::text, restored_at is null as open from credit_breaches`,
    );
    const billing = new Map(
      (
        await rows<{ breach_id: string; open: boolean }>(
          platform,
          'billing',
          sql`select breach_id::text, closed_at is null as open from client_credit_breaches`,
        )
      ).map((row) => [row.breach_id, row.open]),
    );
    for (const breach of breaches) {
      examined++;
      if (billing.get(breach.breach_id) !== breach.open) {
        fail(
          `breach ${breach.breach_id}: credit has it ${breach.open ? 'open' : 'restored'}, billing ${billing.has(breach.breach_id) ? (billing.get(breach.breach_id) ? 'open' : 'closed') : 'has no record'}`,
        );
      }
    }
    return examined;
  },
);

/**
 * Collections: its replica's open amounts equal what billing's events stated (its own consistency
 * check) and what billing has now.
 */
export const collectionsAgrees = defineCheck(
  'collections open amounts equal billing',
  async ({ platform, firms }, fail) => {
    let examined = 0;
    for (const firm of firms) {
      const { collectionsConsistencyCheck: report } = await firm.frontEnd.read(
        `{ collectionsConsistencyCheck { invoicesChecked differences { invoiceId statedOpen { amount } replicaOpen { amount } eventType } } }`,
      );
      examined += report.invoicesChecked;
      for (const difference of report.differences)
        fail(`collections invoice ${difference.invoiceId}: ${JSON.stringify(difference)}`);
    }
    const billing = await billingOpenAmounts(platform);
    const replica = new Map(
      (
        await rows<InvoiceOpen>(
          platform,
          'collections',
          sql`select invoice_id::text as id, open_minor::text as open from invoices`,
        )
      ).map((invoice) => [invoice.id, invoice.open]),
    );
    for (const [id, open] of billing) {
      examined++;
      if (replica.get(id) !== open)
        fail(
          `invoice ${id}: billing has ${open} open, collections ${replica.get(id) ?? 'nothing'}`,
        );
    }
    return examined;
  },
);
