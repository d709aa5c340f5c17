import { allow, inFirm } from '@lexfin/service-kit';
import type { Transaction } from 'kysely';
import type { TrustDatabase } from '../../db/schema';
import { loadAccount, type AccountRow } from '../lookup';
import { TRUST_READERS } from '../roles';
import type { TrustScope } from '../trust-scope';
import { shortageView, type ShortageView } from '../views';

export const SHORTAGE_FILTERS = ['OPEN', 'COVERED', 'ALL'] as const;
export type ShortageFilter = (typeof SHORTAGE_FILTERS)[number];

/**
 * A trust account's shortages, the oldest first: what a returned deposit left each client's
 * matter short, since when, and what the firm has put back.
 */
export async function trustShortages(
  trust: TrustScope,
  input: { trustAccountId: string; status: ShortageFilter },
): Promise<ShortageView[]> {
  allow(trust.caller, TRUST_READERS);
  return inFirm(trust.db, trust.caller, async (tx) => {
    const account = await loadAccount(tx, input.trustAccountId);
    return shortagesOf(tx, account, input.status);
  });
}

async function shortagesOf(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  status: ShortageFilter,
): Promise<ShortageView[]> {
  // The returned-deposit entry reverses the deposit's own entry, so it is found through it.
  const rows = await tx
    .selectFrom('shortages as s')
    .innerJoin('ledgers as l', 'l.id', 's.ledger_id')
    .innerJoin('deposits as d', 'd.id', 's.deposit_id')
    .innerJoin('journal_entries as r', 'r.reverses_entry_id', 'd.entry_id')
    .select([
      's.id',
      's.shortage_minor',
      's.covered_minor',
      's.detected_on',
      's.covered_on',
      's.deposit_id',
      'l.client_id',
      'l.matter_id',
      'r.id as returned_entry_id',
    ])
    .where('s.trust_account_id', '=', account.id)
    .$if(status === 'OPEN', (query) => query.where('s.covered_on', 'is', null))
    .$if(status === 'COVERED', (query) => query.where('s.covered_on', 'is not', null))
    .orderBy('s.detected_on')
    .orderBy('r.sequence')
    .execute();
  const covers =
    rows.length === 0
      ? []
      : await tx
          .selectFrom('journal_entries')
          .selectAll()
          .where('entry_type', '=', 'SHORTAGE_COVER')
          .where(
            'source_id',
            'in',
            rows.map((row) => row.id),
          )
          .orderBy('sequence')
          .execute();
  return rows.map((row) =>
    shortageView(
      {
        row,
        clientId: row.client_id!,
        matterId: row.matter_id!,
        returnedEntryId: row.returned_entry_id,
        covers: covers.filter((entry) => entry.source_id === row.id),
      },
      account.id,
      account.currency,
    ),
  );
}
