import { sql } from 'kysely';
import type { BackendName } from '../support/platform';
import { defineCheck } from './check';
import { rows } from './sql';

/** Where the effect of each acknowledged operation lives: the row its answer's id names. */
const effects: Record<
  string,
  { service: BackendName; table: string; column: string; where?: string }
> = {
  issueInvoice: { service: 'billing', table: 'invoices', column: 'id', where: "status <> 'DRAFT'" },
  recordPayment: { service: 'billing', table: 'payments', column: 'id' },
  reversePayment: {
    service: 'billing',
    table: 'payments',
    column: 'id',
    where: "status = 'REVERSED'",
  },
  createCreditNote: { service: 'billing', table: 'credit_notes', column: 'id' },
  recordTrustDeposit: { service: 'trust-accounting', table: 'deposits', column: 'id' },
  markTrustDepositCleared: {
    service: 'trust-accounting',
    table: 'deposits',
    column: 'id',
    where: 'cleared_on is not null',
  },
  recordTrustDepositReturned: {
    service: 'trust-accounting',
    table: 'deposits',
    column: 'id',
    where: "status = 'RETURNED'",
  },
  transferTrustToOperating: { service: 'trust-accounting', table: 'journal_entries', column: 'id' },
  recordTrustDisbursement: { service: 'trust-accounting', table: 'disbursements', column: 'id' },
  reverseTrustTransaction: {
    service: 'trust-accounting',
    table: 'journal_entries',
    column: 'id',
    where: "entry_type = 'REVERSAL'",
  },
  importBankStatement: { service: 'trust-accounting', table: 'bank_statements', column: 'id' },
  startTrustReconciliation: {
    service: 'trust-accounting',
    table: 'reconciliations',
    column: 'id',
  },
  setCreditLimit: { service: 'credit-assessment', table: 'credit_limits', column: 'client_id' },
  recordFeeArbitrationRequest: {
    service: 'collections',
    table: 'fee_arbitration',
    column: 'matter_id',
  },
};

/**
 * Every acknowledged request's effect exists, exactly once: its row is there, and no key made two
 * (the front-end writes its key as the reference of payments and deposits).
 */
export const acknowledgedOnce = defineCheck(
  'acknowledged effects exist exactly once',
  async (context, fail) => {
    const { platform, ledger } = context;
    let examined = 0;
    const byOperation = new Map<string, string[]>();
    for (const ack of ledger.acknowledged) {
      if (!effects[ack.operation] || !ack.id) continue;
      byOperation.set(ack.operation, [...(byOperation.get(ack.operation) ?? []), ack.id]);
    }
    for (const [operation, ids] of byOperation) {
      const effect = effects[operation]!;
      const found = await rows<{ id: string; n: string }>(
        platform,
        effect.service,
        sql`select ${sql.ref(effect.column)}::text as id, count(*)::text as n from ${sql.table(effect.table)}
           where ${sql.ref(effect.column)} = any(${ids}::uuid[]) ${effect.where ? sql.raw(`and ${effect.where}`) : sql``}
           group by 1`,
      );
      const counts = new Map(found.map((row) => [row.id, Number(row.n)]));
      for (const id of new Set(ids)) {
        examined++;
        if (counts.get(id) !== 1) {
          fail(
            `${operation} acknowledged ${id}, found ${counts.get(id) ?? 0} in ${effect.table}${effect.where ? ` where ${effect.where}` : ''}`,
          );
        }
      }
    }
    const doubled = [
      ...(
        await rows<{ reference: string; n: string }>(
          platform,
          'billing',
          sql`select reference, count(*)::text as n from payments where method <> 'TRUST'
           and reference is not null group by reference having count(*) > 1`,
        )
      ).map((row) => `billing has ${row.n} payments for key ${row.reference}`),
      ...(
        await rows<{ reference: string; n: string }>(
          platform,
          'trust-accounting',
          sql`select e.reference, count(*)::text as n from deposits d join journal_entries e on e.id = d.entry_id
           where e.reference is not null group by e.reference having count(*) > 1`,
        )
      ).map((row) => `trust has ${row.n} deposits for key ${row.reference}`),
    ];
    doubled.forEach(fail);
    return examined;
  },
);

/** The same request sent again with its key answers the first answer, as API.md promises. */
export const repeatedKeysAnswerFirst = defineCheck(
  'a repeated key answers its first answer',
  async (context, fail) => {
    let examined = 0;
    const firms = new Map(context.firms.map((firm) => [firm.id, firm]));
    for (const ack of [...context.ledger.acknowledged]) {
      if (!ack.idempotencyKey || !effects[ack.operation]) continue;
      examined++;
      const firm = firms.get(ack.firmId)!;
      const again = await firm.frontEnd.repeat(ack.query, ack.variables);
      if (again.kind !== 'acknowledged') {
        fail(`${ack.operation} key ${ack.idempotencyKey} sent again: ${JSON.stringify(again)}`);
        continue;
      }
      const answeredId = JSON.stringify(again.data).includes(`"${ack.id}"`);
      if (!answeredId) {
        fail(
          `${ack.operation} key ${ack.idempotencyKey} first answered ${ack.id}, again ${JSON.stringify(again.data)}`,
        );
      }
    }
    return examined;
  },
);
