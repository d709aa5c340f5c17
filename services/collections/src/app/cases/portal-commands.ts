import { collectionsEvents } from '@lexfin/contracts';
import { Money } from '@lexfin/money';
import { allow, emit, eventOf, inFirm, runCommand } from '@lexfin/service-kit';
import type { MessageChannel } from '../../domain/policy';
import type { CollectionsScope } from '../collections-scope';
import { putOnAgenda } from '../open-amounts';
import { PORTAL } from '../roles';

/** The client's own open items and what of each it disputes: never stages, grades or notes. */
export async function myOpenItems(scope: CollectionsScope) {
  allow(scope.caller, PORTAL);
  const clientId = scope.caller.clientId!;
  const rows = await inFirm(scope.db, scope.caller, (tx) =>
    tx
      .selectFrom('invoices as i')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('disputes')
            .select((d) => ['invoice_id', d.fn.sum<bigint>('amount_minor').as('disputed_minor')])
            .where('client_id', '=', clientId)
            .where('status', '=', 'OPEN')
            .groupBy('invoice_id')
            .as('d'),
        (join) => join.onRef('d.invoice_id', '=', 'i.invoice_id'),
      )
      .select([
        'i.invoice_id',
        'i.invoice_number',
        'i.due_date',
        'i.open_minor',
        'i.currency',
        'd.disputed_minor',
      ])
      .where('i.client_id', '=', clientId)
      .where('i.open_minor', '>', 0n)
      .orderBy('i.due_date')
      .orderBy('i.invoice_number')
      .execute(),
  );
  return rows.map((row) => ({
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    dueDate: row.due_date,
    openAmount: Money.of(row.open_minor, row.currency),
    disputedAmount: Money.of(BigInt(row.disputed_minor ?? 0n), row.currency),
  }));
}

/** The client asks the firm not to contact it on a channel: no message goes by it after. */
export async function optOutOfChannel(
  scope: CollectionsScope,
  request: { channel: MessageChannel; idempotencyKey: string },
) {
  allow(scope.caller, PORTAL);
  const { idempotencyKey, ...input } = request;
  const clientId = scope.caller.clientId!;
  return runCommand(
    scope.db,
    scope.caller,
    { operation: 'optOutOfChannel', idempotencyKey, input },
    async (tx) => {
      const at = scope.clock();
      await tx
        .insertInto('channel_opt_outs')
        .values({ firm_id: scope.caller.firmId, client_id: clientId, channel: input.channel, at })
        .onConflict((conflict) => conflict.columns(['firm_id', 'client_id', 'channel']).doNothing())
        .execute();
      await emit(tx, [
        eventOf(scope.caller, collectionsEvents.channelOptedOut, `${clientId}:${input.channel}`, {
          clientId,
          channel: input.channel,
          at: at.toISOString(),
        }),
      ]);
      await putOnAgenda(tx, scope.caller.firmId, [clientId], at);
      return { channel: input.channel, at: at.toISOString() };
    },
  );
}
