import { trustEvents } from '@lexfin/contracts';
import { moneyOutput } from '@lexfin/subgraph';
import { allow, eventOf } from '@lexfin/service-kit';
import { coverShortage, openMinor } from '../../domain/shortage';
import { requireAccountCurrency } from '../currency';
import { TRUST_APPROVERS } from '../roles';
import type { TrustScope } from '../trust-scope';
import { shortageView, type ShortageView } from '../views';
import { runJournalCommand } from './engine/run';

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
  return runJournalCommand({
    trust,
    operation: 'coverTrustShortage',
    idempotencyKey,
    input,
    subject: { shortageId: input.shortageId },
    decide({ account, ledger, subject, post }) {
      const row = subject.shortage!;
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
      const posted = post({
        entryType: 'SHORTAGE_COVER',
        amountMinor: input.amountMinor,
        guarded: false,
        effectiveDate: input.coveredOn,
        description: "Shortage covered from the firm's operating funds",
        counterparty: 'Firm operating account',
        reference: input.reference,
        sourceId: row.id,
      });
      const covered = { ...row, covered_minor: after.coveredMinor, covered_on: after.coveredOn };
      const money = (minor: bigint) => moneyOutput(minor, account.currency);
      return {
        rows: [],
        changes: [
          {
            table: 'shortages',
            id: row.id,
            set: { covered_minor: covered.covered_minor, covered_on: covered.covered_on },
          },
        ],
        events: [
          eventOf(trust.caller, trustEvents.shortageCovered, ledger.matter_id!, {
            trustAccountId: account.id,
            clientId: ledger.client_id!,
            matterId: ledger.matter_id!,
            shortageId: row.id,
            depositId: row.deposit_id,
            entryId: posted.row.id,
            amount: money(input.amountMinor),
            open: money(openMinor(after)),
            covered: after.coveredOn !== null,
            coveredOn: input.coveredOn,
            reference: input.reference,
            ledgerBalance: money(posted.balanceAfterMinor),
          }),
        ],
        answer: () =>
          shortageView(
            {
              row: covered,
              clientId: ledger.client_id!,
              matterId: ledger.matter_id!,
              returnedEntryId: subject.returnedEntryId!,
              covers: [...subject.covers!, posted.row],
            },
            account.id,
            account.currency,
          ),
      };
    },
  });
}
