import { sql } from 'kysely';
import { defineCheck } from './check';
import { rows } from './sql';

/**
 * Billing and trust agree: every transfer to operating is one TRUST payment of its amount in
 * billing, and no TRUST payment lacks its transfer.
 */
export const transfersApplied = defineCheck(
  'every transfer to operating is one TRUST payment',
  async ({ platform }, fail) => {
    const transfers = await rows<{ transfer_id: string; amount: string }>(
      platform,
      'trust-accounting',
      sql`select transfer_id::text, amount_minor::text as amount from operating_transfers order by transfer_id`,
    );
    const payments = await rows<{ id: string; reference: string; amount: string }>(
      platform,
      'billing',
      sql`select id::text, reference, amount_minor::text as amount from payments where method = 'TRUST' order by id`,
    );
    const byTransfer = new Map<string, typeof payments>();
    for (const payment of payments) {
      const transferId = /^trust transfer (.+)$/.exec(payment.reference ?? '')?.[1] ?? '';
      byTransfer.set(transferId, [...(byTransfer.get(transferId) ?? []), payment]);
    }
    for (const transfer of transfers) {
      const applied = byTransfer.get(transfer.transfer_id) ?? [];
      if (applied.length !== 1) {
        fail(`transfer ${transfer.transfer_id} is ${applied.length} TRUST payments in billing`);
      } else if (applied[0]!.amount !== transfer.amount) {
        fail(
          `transfer ${transfer.transfer_id} of ${transfer.amount} is payment ${applied[0]!.id} of ${applied[0]!.amount}`,
        );
      }
      byTransfer.delete(transfer.transfer_id);
    }
    for (const [transferId, orphans] of byTransfer) {
      for (const payment of orphans)
        fail(
          `TRUST payment ${payment.id} names transfer "${transferId}", which trust does not have`,
        );
    }
    return transfers.length + payments.length;
  },
);

/** Billing: an invoice's paid, credited and written-off amounts are the sums of their records. */
export const invoiceOpenAmounts = defineCheck(
  'invoice open = total - payments - credits - write-offs',
  async ({ platform }, fail) => {
    const invoices = await rows<{
      id: string;
      total: string;
      paid: string;
      credited: string;
      written_off: string;
      open: string;
      allocated: string;
      credit_notes: string;
      write_offs: string;
    }>(
      platform,
      'billing',
      sql`select i.id::text, i.total_minor::text as total, i.paid_minor::text as paid,
               i.credited_minor::text as credited, i.written_off_minor::text as written_off, i.open_minor::text as open,
               coalesce((select sum(a.amount_minor) from payment_allocations a where a.invoice_id = i.id and not a.reversed), 0)::text as allocated,
               coalesce((select sum(c.amount_minor) from credit_notes c where c.invoice_id = i.id), 0)::text as credit_notes,
               coalesce((select sum(w.amount_minor) from write_offs w where w.invoice_id = i.id), 0)::text as write_offs
          from invoices i where i.status <> 'DRAFT' order by i.id`,
    );
    for (const invoice of invoices) {
      const expectedOpen =
        BigInt(invoice.total) -
        BigInt(invoice.allocated) -
        BigInt(invoice.credit_notes) -
        BigInt(invoice.write_offs);
      if (
        invoice.paid !== invoice.allocated ||
        invoice.credited !== invoice.credit_notes ||
        invoice.written_off !== invoice.write_offs ||
        BigInt(invoice.open) !== expectedOpen
      ) {
        fail(
          `invoice ${invoice.id}: total ${invoice.total}, paid ${invoice.paid} (allocations ${invoice.allocated}), credited ${invoice.credited} (notes ${invoice.credit_notes}), written off ${invoice.written_off} (${invoice.write_offs}), open ${invoice.open}, expected ${expectedOpen}`,
        );
      }
    }
    return invoices.length;
  },
);
