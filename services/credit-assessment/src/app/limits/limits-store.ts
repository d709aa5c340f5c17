import type { CreditTx } from '../deps';

/** The limits set for a client, per currency. */
export async function setLimitsOf(
  tx: CreditTx,
  firmId: string,
  clientId: string,
): Promise<Map<string, bigint>> {
  const rows = await tx
    .selectFrom('credit_limits')
    .select(['currency', 'amount_minor'])
    .where('firm_id', '=', firmId)
    .where('client_id', '=', clientId)
    .execute();
  return new Map(rows.map((row) => [row.currency, row.amount_minor]));
}
