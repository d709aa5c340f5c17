import { sql } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '@lexfin/platform';
import { allow, inFirm, input, type Caller } from '@lexfin/service-kit';
import type { BillingDeps } from './deps';
import { assertMayReadClient, Roles } from './roles';

export type StatementEntryKind =
  'INVOICE' | 'LATE_FEE' | 'PAYMENT' | 'PAYMENT_REVERSAL' | 'CREDIT_NOTE' | 'WRITE_OFF';

export interface StatementEntry {
  kind: StatementEntryKind;
  date: string;
  reference: string;
  /** Positive: the client owes more; negative: the client paid or was credited. */
  amountMinor: bigint;
  balanceMinor: bigint;
}

const statementInput = z
  .object({
    clientId: input.id,
    from: input.date,
    to: input.date,
    currency: input.currency.nullish(),
  })
  .refine((value) => value.from <= value.to, { message: 'must not be before from', path: ['to'] });

/**
 * A client's account: every invoice (late fees on their own date), payment, reversal, credit note
 * and write-off in one currency, with the balance before `from` and a running balance. The
 * balance is what the client owes less its unapplied credit.
 */
export function clientAccountStatement(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clientRead);
  const fields = input.parseInput(statementInput, args);
  assertMayReadClient(caller, fields.clientId);
  return inFirm(deps.db, caller, async (tx) => {
    const client = await tx
      .selectFrom('clients')
      .select(['id', 'currency'])
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', fields.clientId)
      .executeTakeFirst();
    if (!client) throw new NotFoundError('No such client', { clientId: fields.clientId });
    const inCurrency = fields.currency ?? client.currency;
    const { rows } = await sql<{
      kind: StatementEntryKind;
      date: string;
      reference: string;
      amount: bigint;
    }>`
      select 'INVOICE' as kind, invoice_date as date, invoice_number as reference,
             total_minor - late_fees_minor as amount, created_at as at
        from invoices
       where firm_id = ${caller.firmId} and client_id = ${client.id} and currency = ${inCurrency}
         and status not in ('DRAFT', 'VOID') and invoice_date <= ${fields.to}
      union all
      select 'LATE_FEE', l.line_date, i.invoice_number, l.amount_minor, i.created_at
        from invoice_lines l join invoices i on i.id = l.invoice_id
       where i.firm_id = ${caller.firmId} and i.client_id = ${client.id} and i.currency = ${inCurrency}
         and l.kind = 'LATE_FEE' and l.line_date <= ${fields.to}
      union all
      select 'PAYMENT', received_on, coalesce(reference, method), -amount_minor, created_at
        from payments
       where firm_id = ${caller.firmId} and client_id = ${client.id} and currency = ${inCurrency}
         and received_on <= ${fields.to}
      union all
      select 'PAYMENT_REVERSAL', reversed_on, coalesce(reference, method), amount_minor, created_at
        from payments
       where firm_id = ${caller.firmId} and client_id = ${client.id} and currency = ${inCurrency}
         and status = 'REVERSED' and reversed_on <= ${fields.to}
      union all
      select 'CREDIT_NOTE', issued_on, credit_note_number, -amount_minor, created_at
        from credit_notes
       where firm_id = ${caller.firmId} and client_id = ${client.id} and currency = ${inCurrency}
         and issued_on <= ${fields.to}
      union all
      select 'WRITE_OFF', written_off_on, 'write-off', -amount_minor, created_at
        from write_offs
       where firm_id = ${caller.firmId} and client_id = ${client.id} and currency = ${inCurrency}
         and written_off_on <= ${fields.to}
      order by date, at, kind`.execute(tx);
    let balance = 0n;
    let openingMinor = 0n;
    const entries: StatementEntry[] = [];
    for (const row of rows) {
      balance += row.amount;
      if (row.date < fields.from) openingMinor = balance;
      else
        entries.push({
          kind: row.kind,
          date: row.date,
          reference: row.reference,
          amountMinor: row.amount,
          balanceMinor: balance,
        });
    }
    return {
      clientId: client.id,
      currency: inCurrency,
      from: fields.from,
      to: fields.to,
      openingMinor,
      closingMinor: balance,
      entries,
    };
  });
}
