import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '@lexfin/platform';
import { allow, inFirm, input, type Caller } from '@lexfin/service-kit';
import type { BillingDeps } from './deps';
import { Roles } from './roles';

/** LEDES timekeeper classifications. */
const classification = input.oneOf(['PARTNR', 'ASSOC', 'OFCNSL', 'PARLEG', 'LGLAST', 'OTHER']);
const createTimekeeperInput = z.object({ name: input.text, classification });

export async function createTimekeeper(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(createTimekeeperInput, args);
  return inFirm(deps.db, caller, (tx) =>
    tx
      .insertInto('timekeepers')
      .values({ id: randomUUID(), firm_id: caller.firmId, ...fields })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

const setRateInput = z
  .object({
    timekeeperId: input.id,
    clientId: input.id.nullish(),
    matterId: input.id.nullish(),
    effectiveFrom: input.date,
    rate: input.money.refine((value) => !value.isNegative(), {
      message: 'must not be negative',
      path: ['amount'],
    }),
  })
  .refine((value) => !(value.clientId && value.matterId), {
    message: 'a rate overrides either a client or a matter, not both',
    path: ['matterId'],
  });

/**
 * Sets a rate from a date: the timekeeper's standard rate, or an override for one client or one
 * matter. Setting the same table and date again replaces that rate.
 */
export async function setTimekeeperRate(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(setRateInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    const owners = await Promise.all([
      tx
        .selectFrom('timekeepers')
        .select('id')
        .where('id', '=', fields.timekeeperId)
        .executeTakeFirst(),
      fields.clientId
        ? tx.selectFrom('clients').select('id').where('id', '=', fields.clientId).executeTakeFirst()
        : { id: null },
      fields.matterId
        ? tx
            .selectFrom('matters')
            .select('currency')
            .where('id', '=', fields.matterId)
            .executeTakeFirst()
        : { currency: null },
    ]);
    if (!owners[0])
      throw new NotFoundError('No such timekeeper', { timekeeperId: fields.timekeeperId });
    if (!owners[1]) throw new NotFoundError('No such client', { clientId: fields.clientId });
    if (!owners[2]) throw new NotFoundError('No such matter', { matterId: fields.matterId });
    if (owners[2].currency !== null && owners[2].currency !== fields.rate.currency) {
      throw new BadUserInputError({
        'rate.currency': `must be ${owners[2].currency}, the matter's currency`,
      });
    }
    const table = tx
      .selectFrom('timekeeper_rates')
      .select('id')
      .where('firm_id', '=', caller.firmId)
      .where('timekeeper_id', '=', fields.timekeeperId)
      .where('effective_from', '=', fields.effectiveFrom)
      .where('client_id', fields.clientId ? '=' : 'is', fields.clientId ?? null)
      .where('matter_id', fields.matterId ? '=' : 'is', fields.matterId ?? null);
    const existing = await table.forUpdate().executeTakeFirst();
    const rate = { rate_minor: fields.rate.minor, currency: fields.rate.currency };
    if (existing) {
      return tx
        .updateTable('timekeeper_rates')
        .set(rate)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    return tx
      .insertInto('timekeeper_rates')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
        timekeeper_id: fields.timekeeperId,
        client_id: fields.clientId ?? null,
        matter_id: fields.matterId ?? null,
        effective_from: fields.effectiveFrom,
        ...rate,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
