import { sql } from 'kysely';
import { defineCheck } from './check';
import { rows } from './sql';

/**
 * Trust: every ledger's balance is the sum of its journal entries; none is below zero except
 * through a returned deposit whose shortage is open and was announced (shortage event).
 */
export const trustLedgers = defineCheck(
  'trust ledgers: journal = ledgers, none below zero unexplained',
  async ({ platform }, fail) => {
    const ledgers = await rows<{
      id: string;
      balance: string;
      journal: string;
      shortage: string | null;
      announced: boolean;
    }>(
      platform,
      'trust-accounting',
      sql`select l.id, l.balance_minor::text as balance,
               coalesce((select sum(e.amount_minor) from journal_entries e where e.ledger_id = l.id), 0)::text as journal,
               s.id as shortage,
               exists (select 1 from outbox o where o.event_type = 'lexfin.trust.shortage.detected.v1'
                        and o.payload like '%' || s.id::text || '%') as announced
          from ledgers l
          left join shortages s on s.ledger_id = l.id and s.covered_on is null
         order by l.id`,
    );
    for (const ledger of ledgers) {
      if (ledger.balance !== ledger.journal) {
        fail(
          `ledger ${ledger.id}: balance ${ledger.balance}, its journal entries sum to ${ledger.journal}`,
        );
      }
      if (BigInt(ledger.balance) < 0n && (!ledger.shortage || !ledger.announced)) {
        fail(`ledger ${ledger.id} is at ${ledger.balance} with no announced open shortage`);
      }
    }
    return ledgers.length;
  },
);

/** Trust: every account's hash chain verifies, through the service's own verification. */
export const trustHashChains = defineCheck(
  'trust hash chain valid on every account',
  async ({ firms }, fail) => {
    let examined = 0;
    for (const firm of firms) {
      const { verifyTrustJournal: verification } = await firm.frontEnd.read(
        `query($id: ID!) { verifyTrustJournal(trustAccountId: $id) { valid entriesChecked firstBadEntryId problem } }`,
        { id: firm.trustAccountId },
      );
      examined += verification.entriesChecked;
      if (!verification.valid) {
        fail(
          `trust account ${firm.trustAccountId}: entry ${verification.firstBadEntryId}: ${verification.problem}`,
        );
      }
    }
    return examined;
  },
);
