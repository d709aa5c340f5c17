import { sql } from 'kysely';
import { allow, inFirm } from '@lexfin/service-kit';
import type { CollectionsScope } from '../collections-scope';
import { OPERATORS } from '../roles';

export interface ConsistencyDifference {
  invoiceId: string;
  invoiceNumber: string;
  currency: string;
  /** What billing's event said was open. */
  statedOpenMinor: bigint;
  /** What the replica's facts give at the same point. */
  replicaOpenMinor: bigint;
  eventType: string;
  statedAt: Date;
}

/**
 * Compares the open amount billing's latest event about each invoice stated (credit notes,
 * write-offs, late fees, overdue and paid reports) with the open amount the replica's movements
 * gave when that event was applied, reporting each invoice where they differ. At that point, not
 * now: a payment or reversal after the statement moves the replica on, and billing states no
 * amount for it.
 */
export async function collectionsConsistencyCheck(
  scope: CollectionsScope,
): Promise<{ invoicesChecked: number; differences: ConsistencyDifference[] }> {
  allow(scope.caller, OPERATORS);
  return inFirm(scope.db, scope.caller, async (tx) => {
    const { rows } = await sql<{
      invoice_id: string;
      invoice_number: string;
      currency: string;
      stated_open_minor: string;
      replica_open_minor: string;
      event_type: string;
      stated_at: Date;
    }>`with latest as (
          select distinct on (s.invoice_id) s.invoice_id, s.stated_open_minor, s.replica_open_minor,
            s.event_type, s.stated_at
          from stated_open_amounts s
          order by s.invoice_id, s.stated_at desc, s.event_id
        )
        select i.invoice_id, i.invoice_number, i.currency,
          l.stated_open_minor::text, l.replica_open_minor::text, l.event_type, l.stated_at
        from latest l
        join invoices i on i.firm_id = current_setting('app.firm_id')::uuid and i.invoice_id = l.invoice_id
        where l.stated_open_minor <> l.replica_open_minor
        order by i.invoice_number`.execute(tx);
    const checked = await tx
      .selectFrom('stated_open_amounts')
      .select(sql<string>`count(distinct invoice_id)::text`.as('count'))
      .executeTakeFirstOrThrow();
    return {
      invoicesChecked: Number(checked.count),
      differences: rows.map((row) => ({
        invoiceId: row.invoice_id,
        invoiceNumber: row.invoice_number,
        currency: row.currency,
        statedOpenMinor: BigInt(row.stated_open_minor),
        replicaOpenMinor: BigInt(row.replica_open_minor),
        eventType: row.event_type,
        statedAt: row.stated_at,
      })),
    };
  });
}
