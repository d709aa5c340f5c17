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
 * Recomputes every invoice's open amount from the replica's movements and compares it with the
 * open amount billing's latest event about the invoice stated (credit notes, write-offs, late
 * fees, overdue and paid reports), reporting each invoice where they differ.
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
      recomputed_minor: string;
      event_type: string;
      stated_at: Date;
    }>`with latest as (
          select distinct on (s.invoice_id) s.invoice_id, s.stated_open_minor, s.event_type, s.stated_at
          from stated_open_amounts s
          order by s.invoice_id, s.stated_at desc, s.event_id
        ),
        recomputed as (
          select m.invoice_id,
            case when bool_or(m.kind = 'VOID') then 0 else sum(m.amount_minor) end as open_minor
          from invoice_movements m
          group by m.invoice_id
        )
        select i.invoice_id, i.invoice_number, i.currency,
          l.stated_open_minor::text, coalesce(r.open_minor, 0)::text as recomputed_minor,
          l.event_type, l.stated_at
        from latest l
        join invoices i on i.firm_id = current_setting('app.firm_id')::uuid and i.invoice_id = l.invoice_id
        left join recomputed r on r.invoice_id = l.invoice_id
        where l.stated_open_minor <> coalesce(r.open_minor, 0)
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
        replicaOpenMinor: BigInt(row.recomputed_minor),
        eventType: row.event_type,
        statedAt: row.stated_at,
      })),
    };
  });
}
