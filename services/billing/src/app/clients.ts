import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { billingEvents } from '@lexfin/contracts';
import { allow, emit, eventOf, inFirm, input, type Caller } from '@lexfin/service-kit';
import type { BillingDeps } from './deps';
import { Roles } from './roles';
import { updateInput } from './update-input';
import { lockClient, type ClientRow } from './loaders';

const { clientCreated, clientUpdated } = billingEvents;

const clientFields = {
  displayName: input.text,
  kind: input.oneOf(['PERSON', 'ORGANISATION']),
  billingContactName: input.optionalText,
  billingEmail: z.email('must be an email address').nullish(),
  timeZone: input.timeZone,
  currency: input.currency,
};
const createClientInput = z.object(clientFields);
const updateClientInput = updateInput('clientId', clientFields);

function clientState(client: ClientRow) {
  return {
    clientId: client.id,
    displayName: client.display_name,
    kind: client.kind,
    currency: client.currency,
    timeZone: client.time_zone,
    ...(client.billing_email === null ? {} : { billingEmail: client.billing_email }),
  };
}

export async function createClient(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(createClientInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    // The tenant directory lets the daily job find this firm.
    await tx
      .insertInto('firms')
      .values({ firm_id: caller.firmId })
      .onConflict((c) => c.doNothing())
      .execute();
    const client = await tx
      .insertInto('clients')
      .values({
        id: randomUUID(),
        firm_id: caller.firmId,
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName ?? null,
        billing_email: fields.billingEmail ?? null,
        time_zone: fields.timeZone,
        currency: fields.currency,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [eventOf(caller, clientCreated, client.id, clientState(client))]);
    return client;
  });
}

export async function updateClient(deps: BillingDeps, caller: Caller, args: unknown) {
  allow(caller, Roles.clerical);
  const fields = input.parseInput(updateClientInput, args);
  return inFirm(deps.db, caller, async (tx) => {
    await lockClient(tx, caller, fields.clientId);
    const client = await tx
      .updateTable('clients')
      .set({
        display_name: fields.displayName,
        kind: fields.kind,
        billing_contact_name: fields.billingContactName,
        billing_email: fields.billingEmail,
        time_zone: fields.timeZone,
        currency: fields.currency,
        updated_at: new Date(),
      })
      .where('firm_id', '=', caller.firmId)
      .where('id', '=', fields.clientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit(tx, [eventOf(caller, clientUpdated, client.id, clientState(client))]);
    return client;
  });
}
