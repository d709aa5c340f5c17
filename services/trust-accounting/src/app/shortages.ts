import { trustEvents } from '@lexfin/contracts';
import { NotFoundError } from '@lexfin/platform';
import { moneyOutput, type MoneyOutput } from '@lexfin/subgraph';
import { allow, emit, eventOf, inFirm, runCommand } from '@lexfin/service-kit';
import type { Transaction } from 'kysely';
import { coverShortage, openMinor } from '../domain/shortage';
import type { TrustDatabase } from '../db/schema';
import { requireAccountCurrency } from './currency';
import { loadAccount, type AccountRow } from './lookup';
import { postEntries } from './posting';
import { TRUST_APPROVERS, TRUST_READERS } from './roles';
import type { TrustScope } from './trust-scope';
import { entryView, type EntryView } from './views';

export const SHORTAGE_FILTERS = ['OPEN', 'COVERED', 'ALL'] as const;
export type ShortageFilter = (typeof SHORTAGE_FILTERS)[number];

export interface ShortageView {
  id: string;
  trustAccountId: string;
  clientId: string;
  matterId: string;
  status: 'OPEN' | 'COVERED';
  amount: MoneyOutput;
  covered: MoneyOutput;
  open: MoneyOutput;
  since: string;
  coveredOn: string | null;
  depositId: string;
  causedByEntryId: string;
  covers: EntryView[];
}

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

export interface CoverTrustShortageInput {
  shortageId: string;
  amountMinor: bigint;
  currency: string;
  reference: string;
  coveredOn: string;
}

/**
 * The firm deposits its own operating money to restore a client's ledger a returned deposit left
 * short. The cover is a SHORTAGE_COVER entry naming the shortage, posted like any other (period
 * lock, hash chain); it counts as collected at once because it restores money other clients'
 * funds are standing in for. The shortage row is locked first (the row the command changes), so
 * concurrent covers cannot together exceed it.
 */
export function coverTrustShortage(
  trust: TrustScope,
  idempotencyKey: string,
  input: CoverTrustShortageInput,
): Promise<ShortageView> {
  allow(trust.caller, TRUST_APPROVERS);
  const request = { operation: 'coverTrustShortage', idempotencyKey, input };
  return runCommand(trust.db, trust.caller, request, async (tx) => {
    const row = await tx
      .selectFrom('shortages')
      .selectAll()
      .where('id', '=', input.shortageId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError(`Shortage ${input.shortageId} does not exist`, {
        shortageId: input.shortageId,
      });
    }
    const account = await loadAccount(tx, row.trust_account_id);
    requireAccountCurrency(account, input.currency, 'amount');
    const after = coverShortage(
      {
        id: row.id,
        shortageMinor: row.shortage_minor,
        coveredMinor: row.covered_minor,
        currency: account.currency,
        coveredOn: row.covered_on,
      },
      input.amountMinor,
      input.coveredOn,
    );
    const ledger = await tx
      .selectFrom('ledgers')
      .selectAll()
      .where('id', '=', row.ledger_id)
      .executeTakeFirstOrThrow();
    const [posted] = await postEntries(
      tx,
      account,
      [
        {
          ledger,
          entryType: 'SHORTAGE_COVER',
          amountMinor: input.amountMinor,
          guarded: false,
          effectiveDate: input.coveredOn,
          description: "Shortage covered from the firm's operating funds",
          counterparty: 'Firm operating account',
          reference: input.reference,
          sourceId: row.id,
        },
      ],
      trust.caller.userId,
    );
    await tx
      .updateTable('shortages')
      .set({ covered_minor: after.coveredMinor, covered_on: after.coveredOn })
      .where('id', '=', row.id)
      .execute();
    const money = (minor: bigint) => moneyOutput(minor, account.currency);
    await emit(tx, [
      eventOf(trust.caller, trustEvents.shortageCovered, ledger.matter_id!, {
        trustAccountId: account.id,
        clientId: ledger.client_id!,
        matterId: ledger.matter_id!,
        shortageId: row.id,
        depositId: row.deposit_id,
        entryId: posted!.row.id,
        amount: money(input.amountMinor),
        open: money(openMinor(after)),
        covered: after.coveredOn !== null,
        coveredOn: input.coveredOn,
        reference: input.reference,
        ledgerBalance: money(posted!.balanceAfterMinor),
      }),
    ]);
    const [view] = await shortagesOf(tx, account, 'ALL', row.id);
    return view!;
  });
}

async function shortagesOf(
  tx: Transaction<TrustDatabase>,
  account: AccountRow,
  status: ShortageFilter,
  shortageId?: string,
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
    .$if(shortageId !== undefined, (query) => query.where('s.id', '=', shortageId!))
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
  const money = (minor: bigint) => moneyOutput(minor, account.currency);
  return rows.map((row) => ({
    id: row.id,
    trustAccountId: account.id,
    clientId: row.client_id!,
    matterId: row.matter_id!,
    status: row.covered_on === null ? 'OPEN' : 'COVERED',
    amount: money(row.shortage_minor),
    covered: money(row.covered_minor),
    open: money(openMinor({ shortageMinor: row.shortage_minor, coveredMinor: row.covered_minor })),
    since: row.detected_on,
    coveredOn: row.covered_on,
    depositId: row.deposit_id,
    causedByEntryId: row.returned_entry_id,
    covers: covers.filter((entry) => entry.source_id === row.id).map(entryView),
  }));
}
